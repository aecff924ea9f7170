// What later commands (exec, inspect, destroy) need to know about a deployed lab without reading
// the user's files again: they may have moved or changed since deploy. Kept in the state record's
// `meta`.
import type { LabState } from "./state-store.js";
import type { NodeRole } from "../topology/summary.js";

export interface DeployedNode {
  readonly name: string;
  readonly kind: string;
  readonly role: NodeRole;
  readonly labels: Readonly<Record<string, string>>;
  readonly mgmtAddress?: string;
  /** The node whose network namespace this one uses (network-mode container:X). */
  readonly sharesNetworkWith?: string;
}

export interface LabInfo {
  readonly topologyFile: string;
  readonly mgmtSubnet?: string;
  readonly nodes: readonly DeployedNode[];
}

export function labInfo(state: LabState): LabInfo {
  const meta = state.meta as Partial<LabInfo>;
  return { topologyFile: meta.topologyFile ?? "", mgmtSubnet: meta.mgmtSubnet, nodes: meta.nodes ?? [] };
}
