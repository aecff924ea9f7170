// What later commands (exec, inspect, get, bgp, destroy) need to know about a deployed lab without
// reading the user's files again: they may have moved or changed since deploy. Kept in the state
// record's `meta`.
import type { LabState } from "./state-store.js";
import type { NodeRole } from "../model/roles.js";
import type { ClusterRole, Service, Taint } from "../model/model.js";
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";

export interface DeployedNode {
  readonly name: string;
  readonly kind: string;
  readonly role: NodeRole;
  readonly labels: Readonly<Record<string, string>>;
  readonly mgmtAddress?: string;
  /** The node whose network namespace this one uses (network-mode container:X). */
  readonly sharesNetworkWith?: string;
}

/** A Kubernetes node as `fabric get nodes` shows it; the facts come from the model at deploy. */
export interface DeployedClusterNode {
  readonly name: string;
  readonly role: ClusterRole;
  readonly nodeIP?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly podCIDR: string;
  /** One per family, podCIDR first (absent in records from before dual-stack). */
  readonly podCIDRs?: readonly string[];
  /** Its router address on cilium_host. */
  readonly gateway: string;
  /** Whether a BGP speaker was configured for it (it has a SpeakerConfig). */
  readonly speaker: boolean;
}

export interface DeployedPod {
  readonly name: string;
  readonly namespace: string;
  readonly owner: string;
  readonly node: string;
  readonly ip: string;
  /** Every family's address, `ip` first (absent in records from before dual-stack). */
  readonly ips?: readonly string[];
  readonly image?: string;
  readonly command: readonly string[];
  /** What Services select it by (absent in records from before Services answered). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Its named container ports, for a Service's named targetPort. */
  readonly containerPorts?: readonly { readonly name: string; readonly port: number }[];
}

/** A Service as deploy resolved it: its addresses, what it selects, its ports and policy. */
export type DeployedService = Pick<
  Service,
  | "namespace"
  | "name"
  | "type"
  | "clusterIPs"
  | "externalIPs"
  | "loadBalancerIPs"
  | "selector"
  | "ports"
  | "externalTrafficPolicy"
>;

export interface DeployedCluster {
  readonly name: string;
  /** "emulated" today; "kind" when a real cluster backs the nodes. */
  readonly provider: string;
  readonly podSubnet: string;
  /** One per family, podSubnet first (absent in records from before dual-stack). */
  readonly podSubnets?: readonly string[];
  readonly nodes: readonly DeployedClusterNode[];
  readonly pods: readonly DeployedPod[];
  /** Absent in records from before Services answered. */
  readonly services?: readonly DeployedService[];
  /**
   * The speaker configuration resolved from the CRDs, for each node that advertises a Service with
   * externalTrafficPolicy Local: what runs is this minus the Local addresses the node has no ready
   * backend for, worked out again whenever endpoints change.
   */
  readonly localPolicySpeakers?: Readonly<Record<string, SpeakerConfig>>;
}

export interface LabInfo {
  readonly topologyFile: string;
  readonly mgmtSubnet?: string;
  /** Every node `fabric exec` can enter by name: the topology's, then the Kubernetes nodes. */
  readonly nodes: readonly DeployedNode[];
  readonly cluster?: DeployedCluster;
}

export function labInfo(state: LabState): LabInfo {
  const meta = state.meta as Partial<LabInfo>;
  return {
    topologyFile: meta.topologyFile ?? "",
    mgmtSubnet: meta.mgmtSubnet,
    nodes: meta.nodes ?? [],
    ...(meta.cluster && { cluster: meta.cluster }),
  };
}
