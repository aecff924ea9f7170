// The kind Cluster config of a generated lab: one node per Kubernetes node of the plan, in rack
// order, each told its node-ip and its `rack=` label through kubeadm patches exactly as the
// reference lab's cluster.yaml does. Pure.
import { InternalError } from "../errors.js";
import { KIND_API_VERSION } from "../model/kind/load-kind.js";
import { allNodes, CLUSTER_NAME, type ClosPlan, type NodePlan } from "./plan.js";
import { yamlDocument } from "./yaml-text.js";

export function clusterYaml(plan: ClosPlan, header: readonly string[]): string {
  return yamlDocument(
    {
      kind: "Cluster",
      name: CLUSTER_NAME,
      apiVersion: KIND_API_VERSION,
      networking: { disableDefaultCNI: true, podSubnet: plan.podSubnet },
      nodes: allNodes(plan).map((n) => ({
        role: n.role,
        kubeadmConfigPatches: [kubeadmPatch(plan, n)],
      })),
    },
    { header },
  );
}

/** The control plane joins with an InitConfiguration, workers with a JoinConfiguration. */
function kubeadmPatch(plan: ClosPlan, node: NodePlan): string {
  const rack = plan.racks[node.rack];
  if (!rack) throw new InternalError(`node ${node.name} is in no rack`);
  return [
    `kind: ${node.role === "control-plane" ? "InitConfiguration" : "JoinConfiguration"}`,
    "nodeRegistration:",
    "  kubeletExtraArgs:",
    `    node-ip: "${node.ip}"`,
    `    node-labels: "rack=${rack.label}"`,
    "",
  ].join("\n");
}
