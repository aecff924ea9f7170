// How many management addresses a lab takes and how many a subnet holds. Shared by validate (which
// refuses a lab that does not fit, before anything exists), the deploy planner (which hands the
// addresses out) and `fabric generate` (which sizes the subnet of the labs it writes).
import type { TopologyNode } from "./model.js";

/**
 * Nodes that get an eth0 on the management network: each one owning a network namespace. A node
 * with `network-mode: container:X` lives in X's; a k8s-kind node stands for a cluster whose nodes
 * are counted on their own; a bridge is not a host.
 */
export function takesMgmtAddress(node: TopologyNode): boolean {
  return node.networkMode.type !== "container" && node.kind !== "k8s-kind" && node.kind !== "bridge";
}

/**
 * Host addresses a subnet gives nodes: all but the network address, the broadcast address and the
 * first host address, which the host's end of the bridge holds (as containerlab's gateway does).
 */
export function mgmtHostsIn(prefixLength: number): number {
  return Math.max(0, 2 ** (32 - prefixLength) - 3);
}

/** The longest IPv4 prefix whose subnet holds `addresses` node addresses. */
export function mgmtPrefixFor(addresses: number): number {
  let prefixLength = 30;
  while (prefixLength > 0 && mgmtHostsIn(prefixLength) < addresses) prefixLength--;
  return prefixLength;
}

/** BR_MAX_PORTS in the kernel's bridge (net/bridge/br_private.h): port numbers are 10 bits. */
export const MAX_BRIDGE_PORTS = 1023;

/**
 * Node ports per management bridge (links/mgmt-segments.ts). Under 1,023 so the lab's own bridge
 * also has room for the trunks to the others: it holds 1,000 nodes and up to 23 trunks, so one
 * management network spans at most 24 bridges and 24,000 nodes.
 */
export const PORTS_PER_BRIDGE = 1000;
export const MAX_BRIDGES = MAX_BRIDGE_PORTS - PORTS_PER_BRIDGE + 1;
export const MAX_MGMT_PORTS = PORTS_PER_BRIDGE * MAX_BRIDGES;

/** How many bridges a management network of `ports` node ports spans (at least the lab's own). */
export function mgmtBridgesFor(ports: number, perBridge: number = PORTS_PER_BRIDGE): number {
  return Math.max(1, Math.ceil(ports / perBridge));
}
