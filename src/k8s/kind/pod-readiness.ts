// Which pods the workloads should have, and which of them are not there yet. Expected pods come
// from the model's placement (the same rules the emulated provider uses), so "every pod Running
// and Ready" means the pods fabric planned, not whatever else the namespace holds.
import { placePods } from "../../model/k8s/placement.js";
import type { ClusterNode, Workload } from "../../model/model.js";
import type { ObservedPod } from "./parse-pods.js";

export interface ExpectedPod {
  readonly workload: Workload;
  readonly node: string;
}

export interface PodReadiness {
  /** One per expected pod, in placement order. */
  readonly ready: readonly ObservedPod[];
  /** Why each of the others is not ready, e.g. `DaemonSet/netshoot on kind-worker: Pending (ContainerCreating)`. */
  readonly waiting: readonly string[];
}

export function expectedPods(workloads: readonly Workload[], nodes: readonly ClusterNode[]): ExpectedPod[] {
  return placePods(workloads, nodes);
}

/** Namespaces to list pods in, each once, in workload order. */
export function workloadNamespaces(workloads: readonly Workload[]): string[] {
  return [...new Set(workloads.map((w) => w.namespace))];
}

function belongsTo(pod: ObservedPod, expected: ExpectedPod): boolean {
  const w = expected.workload;
  if (pod.namespace !== w.namespace || pod.node !== expected.node) return false;
  switch (w.kind) {
    case "DaemonSet":
      return pod.owner?.kind === "DaemonSet" && pod.owner.name === w.name;
    case "Deployment":
      // Its pods belong to a ReplicaSet `<deployment>-<template hash>`. Where the scheduler puts
      // replicas is its own choice, so a replica on another node than planned is reported waiting.
      return pod.owner?.kind === "ReplicaSet" && pod.owner.name.startsWith(`${w.name}-`);
    case "Pod":
      return pod.name === w.name;
  }
}

export function podReadiness(expected: readonly ExpectedPod[], pods: readonly ObservedPod[]): PodReadiness {
  const ready: ObservedPod[] = [];
  const waiting: string[] = [];
  for (const e of expected) {
    const what = `${e.workload.kind}/${e.workload.namespace}/${e.workload.name} on ${e.node}`;
    const pod = pods.find((p) => belongsTo(p, e));
    if (!pod) waiting.push(`${what}: no pod yet`);
    else if (pod.phase === "Running" && pod.ready) ready.push(pod);
    else
      waiting.push(
        `${what}: ${pod.name} ${pod.phase}${pod.ready ? "" : ", not ready"}${pod.reason ? ` (${pod.reason})` : ""}`,
      );
  }
  return { ready, waiting };
}
