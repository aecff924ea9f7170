// The kernel's neighbor tables (ARP for IPv4, ND for IPv6) are one per host, shared by every
// network namespace: gc_thresh3 caps the entries of all namespaces together, and the sysctls exist
// only in the host's namespace. With the default 1,024, a lab of a few hundred Kubernetes nodes
// fills the ARP table (each node and its ToR learn each other, each pod and its node): past it the
// kernel refuses new entries ("neighbor table overflow", /proc/net/stat/arp_cache table_fulls), so
// a speaker's SYN to its ToR never leaves and the session sits in Connect. Measured at 640 nodes:
// ARP entries reached 1,109 and table_fulls grew by ~2,000 every 15 s with 508 of 640 node
// sessions up; raising gc_thresh3 brought all 640 up within 20 s, with 1,373 entries in use.
//
// So deploy raises the ceiling (never lowers it) to fit the lab before creating anything. It is a
// host-wide limit on a cache, not a behaviour: a larger ceiling changes nothing for smaller labs,
// so it is left raised after destroy (other labs may be running and need it).
import { readSysctl, writeSysctl } from "../host/sysctl.js";

export const NEIGHBOR_TABLES = ["net.ipv4.neigh.default", "net.ipv6.neigh.default"] as const;

/**
 * Neighbor entries a lab may hold at once, for each family: each veth pair's two ends can each
 * learn the other. Measured at 640 nodes: 1,373 ARP entries for 2,622 veth pairs, so two per pair
 * leaves room for a lab's traffic and other labs beside it.
 */
export function neighborEntriesFor(vethPairs: number): number {
  return 2 * vethPairs;
}

export interface Thresholds {
  readonly gcThresh2: number;
  readonly gcThresh3: number;
}

/**
 * The thresholds that fit `entries` (the hard ceiling at the next power of two at or above it,
 * the soft one at half of it, as the kernel's defaults are), or undefined when the current ones
 * already do. Never lower than the current values.
 */
export function raisedThresholds(current: Thresholds, entries: number): Thresholds | undefined {
  if (current.gcThresh3 >= entries) return undefined;
  let gcThresh3 = 1024;
  while (gcThresh3 < entries) gcThresh3 *= 2;
  return { gcThresh3, gcThresh2: Math.max(current.gcThresh2, gcThresh3 / 2) };
}

/** Raises each table's thresholds to fit `entries`; returns a line for each raised, for the user. */
export async function ensureNeighborCapacity(entries: number): Promise<string[]> {
  const notes: string[] = [];
  for (const table of NEIGHBOR_TABLES) {
    const current = {
      gcThresh2: Number(await readSysctl(`${table}.gc_thresh2`)),
      gcThresh3: Number(await readSysctl(`${table}.gc_thresh3`)),
    };
    const raised = raisedThresholds(current, entries);
    if (!raised) continue;
    // The hard ceiling first, so the soft one is never above it, even for a moment.
    await writeSysctl(`${table}.gc_thresh3`, String(raised.gcThresh3));
    await writeSysctl(`${table}.gc_thresh2`, String(raised.gcThresh2));
    notes.push(
      `${table}.gc_thresh3 raised ${current.gcThresh3} → ${raised.gcThresh3} (the host's neighbor table is shared by every namespace; this lab may hold ${entries} entries)`,
    );
  }
  return notes;
}
