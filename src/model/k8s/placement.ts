// Where pods land: nodeSelector plus taints and tolerations, with the rules Kubernetes uses
// (k8s.io/api core/v1 Toleration.ToleratesTaint and the scheduler's TaintToleration filter).
import type { ClusterNode, Taint, Toleration, Workload } from "../model.js";

/** Kubernetes' ToleratesTaint: an empty key with Exists matches every taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case "Exists":
      return true;
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
  }
}

/** PreferNoSchedule only lowers a node's score; NoSchedule and NoExecute keep pods off it. */
export function blockingTaints(
  node: ClusterNode,
  tolerations: readonly Toleration[],
  effects: readonly Taint["effect"][],
): Taint[] {
  return node.taints.filter(
    (t) => effects.includes(t.effect) && !tolerations.some((tol) => toleratesTaint(tol, t)),
  );
}

export function matchesNodeSelector(node: ClusterNode, selector: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => node.labels[k] === v);
}

function schedulable(workload: Workload, node: ClusterNode): boolean {
  return (
    matchesNodeSelector(node, workload.nodeSelector) &&
    blockingTaints(node, workload.tolerations, ["NoSchedule", "NoExecute"]).length === 0
  );
}

/**
 * One entry per pod. A DaemonSet gets a pod on every node that admits it; a Deployment
 * `replicas` pods, each placed as a bare Pod is. A Pod with `nodeName`
 * skips the scheduler, so only a NoExecute taint (which would evict it) keeps it off; a Pod
 * without one goes to the admitting node with the fewest pods so far, ties in node order — a
 * deterministic stand-in for the scheduler's spreading.
 */
export function placePods(
  workloads: readonly Workload[],
  nodes: readonly ClusterNode[],
): { workload: Workload; node: string }[] {
  const placements: { workload: Workload; node: string }[] = [];
  const load = new Map(nodes.map((n) => [n.name, 0]));
  const place = (workload: Workload, node: string): void => {
    placements.push({ workload, node });
    load.set(node, (load.get(node) ?? 0) + 1);
  };
  for (const workload of workloads) {
    switch (workload.kind) {
      case "DaemonSet":
        for (const node of nodes) if (schedulable(workload, node)) place(workload, node.name);
        break;
      case "Deployment":
      case "Pod": {
        if (workload.nodeName !== undefined) {
          const node = nodes.find((n) => n.name === workload.nodeName);
          if (node && blockingTaints(node, workload.tolerations, ["NoExecute"]).length === 0)
            for (let i = 0; i < (workload.replicas ?? 1); i++) place(workload, node.name);
          break;
        }
        // A Deployment's replicas one at a time, each to the least loaded node: they spread.
        for (let i = 0; i < (workload.replicas ?? 1); i++) {
          let best: ClusterNode | undefined;
          for (const node of nodes) {
            if (!schedulable(workload, node)) continue;
            if (best === undefined || (load.get(node.name) ?? 0) < (load.get(best.name) ?? 0)) best = node;
          }
          if (best) place(workload, best.name);
        }
        break;
      }
    }
  }
  return placements;
}
