// What deploy refuses before it touches anything: topology features this runtime cannot deploy,
// and pods whose names would clash with nodes (both become runtime nodes named after them).
import { FabricError } from "../errors.js";
import type { PodPlan } from "../k8s/pod-plan.js";
import { nodeKindHandler } from "../nodes/registry.js";
import type { NodeKindHandler } from "../nodes/types.js";
import type { Lab } from "../model/model.js";

/** Every problem at once, or each deployable node's kind handler. */
export function checkDeployable(lab: Lab): Map<string, NodeKindHandler> {
  const handlers = new Map<string, NodeKindHandler>();
  const problems: string[] = [];
  for (const node of lab.topology.nodes) {
    const mode = node.networkMode;
    if (
      mode.type === "container" &&
      mode.targetIs === "cluster-node" &&
      !lab.cluster?.nodes.some((c) => c.name === mode.target)
    ) {
      problems.push(`node ${node.name}: network-mode container:${mode.target} names no Kubernetes node`);
      continue;
    }
    if (node.networkMode.type === "host" || node.networkMode.type === "none") {
      problems.push(
        `node ${node.name}: network-mode ${node.networkMode.type} is not supported on the netns runtime`,
      );
      continue;
    }
    const handler = nodeKindHandler(node.kind);
    if (handler) handlers.set(node.name, handler);
    else if (node.kind !== "k8s-kind")
      problems.push(`node ${node.name}: kind ${node.kind} cannot be deployed yet`);
  }
  if (problems.length > 0) {
    throw new FabricError(
      "not-deployable",
      `lab ${lab.name} cannot be deployed:\n  ${problems.join("\n  ")}`,
    );
  }
  return handlers;
}

/** Pods become runtime nodes named after them: no pod may take a node's name. */
export function checkPodNames(lab: Lab, pods: readonly PodPlan[]): void {
  const taken = new Set([
    ...lab.topology.nodes.map((n) => n.name),
    ...(lab.cluster?.nodes.map((n) => n.name) ?? []),
  ]);
  const clash = pods.find((p) => taken.has(p.name));
  if (clash) {
    throw new FabricError(
      "not-deployable",
      `pod ${clash.namespace}/${clash.name} has the name of a node of lab ${lab.name}`,
      {
        suggestion: "rename the Pod or the node",
      },
    );
  }
}
