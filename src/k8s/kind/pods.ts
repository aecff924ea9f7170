// A kind cluster's pods for the commands that look inside a deployed lab: their real state from
// the API server (`kubectl get pods -o json`), and a command run in one (`kubectl exec`). Deploy
// only records what the pods were when they turned Ready; a pod restarts or is rescheduled
// without fabric, so `fabric get pods` asks the cluster each time.
import type { CommandResult } from "../../host/command.js";
import { formatCommand } from "../../host/command.js";
import * as cmd from "./commands.js";
import { parsePods, type ObservedPod } from "./parse-pods.js";
import { execaRunner, mustRun, type CommandRunner } from "./runner.js";

/** Every pod of these namespaces, as the API server has them now. */
export async function kindPods(
  cluster: string,
  namespaces: readonly string[],
  runner: CommandRunner = execaRunner,
): Promise<ObservedPod[]> {
  const pods: ObservedPod[] = [];
  for (const ns of new Set(namespaces)) {
    const command = cmd.kubectlGetPods(cluster, ns);
    pods.push(
      ...parsePods((await mustRun(runner, command)).stdout, formatCommand(command.file, command.args)),
    );
  }
  return pods;
}

export interface KindPodRef {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
}

/** argv in the pod's first container; resolves with its exit code, as the runtimes' exec does. */
export function execInKindPod(
  pod: KindPodRef,
  argv: readonly string[],
  opts: { readonly timeoutMs?: number; readonly input?: string } = {},
  runner: CommandRunner = execaRunner,
): Promise<CommandResult> {
  return runner.run(
    cmd.kubectlExec(pod.cluster, pod.namespace, pod.name, argv, opts.input !== undefined),
    opts,
  );
}
