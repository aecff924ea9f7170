// What later commands (exec, inspect, get, bgp, destroy) need to know about a deployed lab without
// reading the user's files again: they may have moved or changed since deploy. Kept in the state
// record's `meta`.
import type { LabState } from "./state-store.js";
import type { NodeRole } from "../model/roles.js";
import type { ClusterRole, Taint } from "../model/model.js";

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
  readonly image?: string;
  readonly command: readonly string[];
}

export interface DeployedCluster {
  readonly name: string;
  /** "emulated" today; "kind" when a real cluster backs the nodes. */
  readonly provider: string;
  readonly podSubnet: string;
  readonly nodes: readonly DeployedClusterNode[];
  readonly pods: readonly DeployedPod[];
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
