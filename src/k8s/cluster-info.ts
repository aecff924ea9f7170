// The cluster as the lab record keeps it for `fabric get`, `fabric bgp` and `fabric exec`: the
// model's facts at deploy time (labels, taints, PodCIDR, node IP) and where each pod landed.
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";
import type { DeployedCluster, DeployedNode, DeployedService } from "../state/lab-info.js";
import type { Cluster, Service } from "../model/model.js";
import { nodeGateway, type PodPlan } from "./pod-plan.js";
import { hasLocalPolicyAdvertisements } from "./services/local-advertisements.js";

export const K8S_NODE_KIND = "k8s-node";

export function clusterInfo(
  cluster: Cluster,
  pods: readonly PodPlan[],
  speakers: ReadonlyMap<string, SpeakerConfig>,
  provider = "emulated",
  services: readonly Service[] = [],
): DeployedCluster {
  const local = new Set(
    services.filter((s) => s.externalTrafficPolicy === "Local").map((s) => `${s.namespace}/${s.name}`),
  );
  const localPolicySpeakers = Object.fromEntries(
    [...speakers].filter(([, config]) => hasLocalPolicyAdvertisements(config, local)),
  );
  return {
    name: cluster.name,
    provider,
    podSubnet: cluster.podSubnet,
    podSubnets: cluster.podSubnets,
    nodes: cluster.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      ...(n.nodeIP !== undefined && { nodeIP: n.nodeIP }),
      labels: n.labels,
      taints: n.taints,
      podCIDR: n.podCIDR,
      podCIDRs: n.podCIDRs,
      gateway: nodeGateway(n),
      speaker: speakers.has(n.name),
    })),
    pods: pods.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      owner: p.owner,
      node: p.node,
      ip: p.ip,
      ips: p.addresses.map((a) => a.ip),
      ...(p.image !== undefined && { image: p.image }),
      command: p.command,
      labels: p.labels,
      ...(p.containerPorts !== undefined && { containerPorts: p.containerPorts }),
    })),
    ...(services.length > 0 && { services: services.map(deployedService) }),
    ...(Object.keys(localPolicySpeakers).length > 0 && { localPolicySpeakers }),
  };
}

function deployedService(s: Service): DeployedService {
  return {
    namespace: s.namespace,
    name: s.name,
    type: s.type,
    clusterIPs: s.clusterIPs,
    externalIPs: s.externalIPs,
    loadBalancerIPs: s.loadBalancerIPs,
    ...(s.selector !== undefined && { selector: s.selector }),
    ports: s.ports,
    externalTrafficPolicy: s.externalTrafficPolicy,
  };
}

/** Kubernetes nodes as nodes `fabric exec` and `fabric inspect` know by name. */
export function clusterNodesAsDeployed(
  cluster: Cluster,
  mgmtAddresses: ReadonlyMap<string, string>,
): DeployedNode[] {
  return cluster.nodes.map((n) => {
    const mgmtAddress = mgmtAddresses.get(n.name);
    return {
      name: n.name,
      kind: K8S_NODE_KIND,
      role: "cluster",
      labels: n.labels,
      ...(mgmtAddress !== undefined && { mgmtAddress }),
    };
  });
}
