// The Kubernetes side of a deployed lab, for the commands that look inside it: pods by name,
// their state, and each node's BGP speaker.
import { FabricError } from "../errors.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import { labInfo, type DeployedCluster, type DeployedClusterNode, type DeployedPod } from "./lab-info.js";
import type { ProcessControl, ProcessRecord } from "./processes.js";
import { asLabResource, podResourceId, speakerResourceId } from "./resources.js";
import type { LabState } from "./state-store.js";

export function clusterOf(lab: LabState): DeployedCluster {
  const cluster = labInfo(lab).cluster;
  if (!cluster) throw new FabricError("no-cluster", `lab ${lab.lab} has no Kubernetes cluster`);
  return cluster;
}

export function clusterNode(lab: LabState, name: string): DeployedClusterNode | undefined {
  return labInfo(lab).cluster?.nodes.find((n) => n.name === name);
}

export interface PodHandle {
  readonly pod: DeployedPod;
  readonly record: NodeRecord;
}

/**
 * `pod/NAME` (kubectl's form) or `NODE/NAME` (the node the pod runs on, as in `kubectl get pods -o
 * wide`); undefined when `ref` has neither form, so the caller can treat it as a node name.
 */
export function podHandle(lab: LabState, ref: string): PodHandle | undefined {
  const slash = ref.indexOf("/");
  if (slash < 0) return undefined;
  const [scope, name] = [ref.slice(0, slash), ref.slice(slash + 1)];
  const cluster = labInfo(lab).cluster;
  const pod = cluster?.pods.find((p) => p.name === name && (scope === "pod" || p.node === scope));
  if (!pod) {
    const where = scope === "pod" ? "" : ` on node ${scope}`;
    throw new FabricError("pod-not-found", `lab ${lab.lab} has no pod ${name}${where}`, {
      suggestion: cluster?.pods.length
        ? `its pods are ${cluster.pods.map((p) => `${p.node}/${p.name}`).join(", ")}`
        : "the lab has no pods",
    });
  }
  const record = nodeRecordById(lab, podResourceId(pod.name));
  if (!record)
    throw new FabricError("node-not-running", `pod ${pod.name} of lab ${lab.lab} was never created`);
  return { pod, record };
}

export function processRecordById(lab: LabState, id: string): ProcessRecord | undefined {
  const entry = lab.resources.find((r) => r.id === id);
  const resource = entry && asLabResource(entry);
  return resource?.type === "process" ? resource.record : undefined;
}

export function speakerOf(lab: LabState, node: string): ProcessRecord | undefined {
  return processRecordById(lab, speakerResourceId(node));
}

function nodeRecordById(lab: LabState, id: string): NodeRecord | undefined {
  const entry = lab.resources.find((r) => r.id === id);
  const resource = entry && asLabResource(entry);
  return resource?.type === "node" ? resource.record : undefined;
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
export async function podState(
  lab: LabState,
  pod: DeployedPod,
  runtime: Runtime,
  processes: ProcessControl,
): Promise<PodState> {
  const record = nodeRecordById(lab, podResourceId(pod.name));
  const up = record ? (await runtime.exec(record, ["true"]).catch(() => undefined))?.exitCode === 0 : false;
  if (!up) return { phase: PodPhase.unknown, ready: false };
  if (pod.command.length === 0) return { phase: PodPhase.pending, ready: false };
  const command = processRecordById(lab, `pod-command:${pod.name}`);
  const running = command?.ref ? await processes.isRunning(command.ref) : false;
  return {
    phase: running ? PodPhase.running : PodPhase.notReady,
    ready: running,
    ...(command?.startedAt !== undefined && { startedAt: command.startedAt }),
  };
}
