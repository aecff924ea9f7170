// Before anything exists: will the host let this lab's processes and threads exist? Past
// kernel.pid_max (or threads-max, or a pids cgroup) fork fails with EAGAIN wherever the deploy
// happens to be, and a lab of thousands of nodes is then minutes into its deploy and as long
// again into its rollback. So deploy counts first and refuses with the limit's name and the fix.
//
// The figures per piece are counted on a deployed lab (`ps -eLo comm`, 256 Kubernetes nodes):
// one task per runtime node (its holder), twelve per FRR router with the daemons the labs run
// (zebra with its five threads, bgpd with three, staticd, watchfrr, two RCU sweepers), two per
// pod that runs a command (the host-side shell that waits for it, and the command), twelve for
// the speaker host (or per speaker, where each runs as its own process). A lab whose daemons
// run more threads needs more: the estimate is for the message, the limit is the kernel's.
import { FabricError } from "../errors.js";
import type { TaskLimit } from "../host/task-limits.js";
import { defaultProcessLimit } from "../util/limit.js";
import type { Lab } from "../model/model.js";
import { nodeRole } from "../model/roles.js";
import type { DeployPlan } from "./plan/types.js";
import type { SpeakerMode } from "../k8s/speaker/modes.js";

export const TASKS_PER = {
  runtimeNode: 1,
  frrRouter: 12,
  podCommand: 2,
  speakerProcess: 12,
} as const;

/** fabric's own process, its spawner, and the commands in flight (each a chain of up to four). */
function fabricTasks(): number {
  return 40 + defaultProcessLimit() * 4;
}

export interface TaskEstimate {
  readonly total: number;
  /** What the total is made of, for the message. */
  readonly parts: readonly string[];
}

export function estimateLabTasks(lab: Lab, plan: DeployPlan, speakerMode: SpeakerMode): TaskEstimate {
  const resources: readonly { readonly kind: string; readonly command?: unknown }[] = plan.stages.flatMap(
    (s): readonly { readonly kind: string; readonly command?: unknown }[] => s.resources,
  );
  const count = (kind: string): number => resources.filter((r) => r.kind === kind).length;
  const nodes = count("node") + count("cluster-node") + count("pod");
  const routers = lab.topology.nodes.filter((n) => nodeRole(n) === "router").length;
  const commands = resources.filter((r) => r.kind === "pod" && r.command !== undefined).length;
  const speakers = count("speaker");
  const speakerProcesses = speakers === 0 ? 0 : speakerMode === "host" ? 1 : speakers;
  const parts = [
    `${nodes} nodes × ${TASKS_PER.runtimeNode}`,
    ...(routers > 0 ? [`${routers} FRR routers × ${TASKS_PER.frrRouter}`] : []),
    ...(commands > 0 ? [`${commands} pod commands × ${TASKS_PER.podCommand}`] : []),
    ...(speakerProcesses > 0 ? [`${speakerProcesses} speaker processes × ${TASKS_PER.speakerProcess}`] : []),
    `${fabricTasks()} for fabric itself`,
  ];
  const total =
    nodes * TASKS_PER.runtimeNode +
    routers * TASKS_PER.frrRouter +
    commands * TASKS_PER.podCommand +
    speakerProcesses * TASKS_PER.speakerProcess +
    fabricTasks();
  return { total, parts };
}

/** Throws, naming the tightest limit the lab does not fit, with what to do about it. */
export function checkTaskBudget(labName: string, estimate: TaskEstimate, limits: readonly TaskLimit[]): void {
  const short = limits
    .map((l) => ({ ...l, free: l.limit - l.inUse }))
    .filter((l) => l.free < estimate.total)
    .sort((a, b) => a.free - b.free)[0];
  if (!short) return;
  const fix =
    short.name === "kernel.pid_max"
      ? `raise it (sysctl -w kernel.pid_max=4194304; the kernel's maximum) or deploy a smaller lab`
      : short.name === "kernel.threads-max"
        ? `raise it (sysctl -w kernel.threads-max=N) or deploy a smaller lab`
        : `raise that cgroup's limit (write a larger number or "max" to ${short.name}) or deploy a smaller lab`;
  throw new FabricError(
    "host-task-limit",
    `lab ${labName} needs about ${estimate.total} processes and threads (${estimate.parts.join(", ")}); ` +
      `${short.name} allows ${short.limit} and ${short.inUse} are in use, so ${Math.max(0, short.free)} more can exist. ` +
      `Nothing was created.`,
    { suggestion: fix },
  );
}
