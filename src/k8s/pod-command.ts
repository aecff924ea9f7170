// Stopping and starting a pod's command on a running lab: the pod keeps its namespaces and
// address (as a container that exited keeps its pod sandbox), and turns NotReady, so it leaves
// its Services' endpoints. Starting runs the same command again, as the kubelet restarts it.
import { FabricError } from "../errors.js";
import type { Runtime } from "../runtime/types.js";
import { DeployedLab, type PodHandle } from "../state/deployed-lab.js";
import type { ProcessControl, ProcessRecord } from "../state/processes.js";
import type { LabRecord } from "../state/state-store.js";

const commandId = (pod: string): string => `pod-command:${pod}`;

function commandOf(record: LabRecord, pod: string): ProcessRecord {
  const found = new DeployedLab(record.state).process(commandId(pod));
  if (!found) {
    throw new FabricError("pod-no-command", `pod ${pod} runs no command`, {
      suggestion: "only pods whose manifest has a command (or args) run one",
    });
  }
  return found;
}

/** `pod/NAME` or `NODE/NAME` as `fabric exec` takes them, or a bare pod name. */
export function findPod(record: LabRecord, ref: string): PodHandle {
  const lab = new DeployedLab(record.state);
  const handle = lab.pod(ref.includes("/") ? ref : `pod/${ref}`);
  if (!handle) throw new FabricError("pod-not-found", `lab ${record.state.lab} has no pod ${ref}`);
  return handle;
}

/** False when it was not running. */
export async function stopPodCommand(
  record: LabRecord,
  pod: string,
  processes: ProcessControl,
): Promise<boolean> {
  const current = commandOf(record, pod);
  if (!current.ref || !(await processes.isRunning(current.ref))) return false;
  await processes.stop(current.ref);
  const { ref: _gone, ...stopped } = current;
  record.update(commandId(pod), stopped);
  return true;
}

/** False when it already runs. */
export async function startPodCommand(
  record: LabRecord,
  pod: string,
  runtime: Runtime,
  processes: ProcessControl,
): Promise<boolean> {
  const current = commandOf(record, pod);
  if (current.ref && (await processes.isRunning(current.ref))) return false;
  const spawned = await runtime.spawn(current.node, current.argv);
  record.update(commandId(pod), {
    ...current,
    ref: spawned.ref,
    logFile: spawned.logFile,
    startedAt: new Date().toISOString(),
  });
  return true;
}
