// The Kubernetes side of a deployed lab, for the commands that look inside it: pods by name,
// their state, and each node's BGP speaker.
import type { Runtime } from "../runtime/types.js";
import { DeployedLab, type PodHandle } from "./deployed-lab.js";
import type { DeployedCluster, DeployedClusterNode, DeployedPod } from "./lab-info.js";
import type { ProcessControl, ProcessRecord } from "./processes.js";
import type { LabState } from "./state-store.js";

export type { PodHandle } from "./deployed-lab.js";

export function clusterOf(lab: LabState): DeployedCluster {
  return new DeployedLab(lab).cluster();
}

export function clusterNode(lab: LabState, name: string): DeployedClusterNode | undefined {
  return new DeployedLab(lab).clusterNode(name);
}

/** See DeployedLab.pod. */
export function podHandle(lab: LabState, ref: string): PodHandle | undefined {
  return new DeployedLab(lab).pod(ref);
}

export function processRecordById(lab: LabState, id: string): ProcessRecord | undefined {
  return new DeployedLab(lab).process(id);
}

export function speakerOf(lab: LabState, node: string): ProcessRecord | undefined {
  return new DeployedLab(lab).speaker(node);
}

export const PodPhase = {
  running: "Running",
  /** The pod's command is not running (it exited, or was never started). */
  notReady: "NotReady",
  /** No command to run: the image's entrypoint is not available on this runtime. */
  pending: "Pending",
  /** Its namespaces are gone. */
  unknown: "Unknown",
} as const;
export type PodPhase = (typeof PodPhase)[keyof typeof PodPhase];

export interface PodState {
  readonly phase: PodPhase;
  readonly ready: boolean;
  readonly startedAt?: string;
}

/** Running means: its namespaces are up and its command runs. */
/**
 * A pod's state now. `deployed` is the lab's record read once by the caller for all its pods:
 * made per pod, 4,096 of them at once (each indexing the lab's ~30,000 resources while its probe
 * ran) took `fabric get pods` past Node's heap limit.
 */
export async function podState(
  deployed: DeployedLab,
  pod: DeployedPod,
  runtime: Runtime,
  processes: ProcessControl,
): Promise<PodState> {
  const record = deployed.podRecord(pod.name);
  const up = record
    ? (await runtime.exec(record, ["true"], { timeoutMs: 5_000 }).catch(() => undefined))?.exitCode === 0
    : false;
  if (!up) return { phase: PodPhase.unknown, ready: false };
  if (pod.command.length === 0) return { phase: PodPhase.pending, ready: false };
  const command = deployed.process(`pod-command:${pod.name}`);
  const running = command?.ref ? await processes.isRunning(command.ref) : false;
  return {
    phase: running ? PodPhase.running : PodPhase.notReady,
    ready: running,
    ...(command?.startedAt !== undefined && { startedAt: command.startedAt }),
  };
}
