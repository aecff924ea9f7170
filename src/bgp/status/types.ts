// Rows behind `fabric speaker show …`, one per line of Cilium's `cilium bgp peers` and
// `cilium bgp routes available|advertised`. Plain data: what a speaker's control socket
// returns as JSON, and what the lab layer gathers from every node before printing one table.

import type { AfiName } from "../model.js";

/** Session states as Cilium prints them (GoBGP's names, lowercase). */
export type SessionStateName = "idle" | "connect" | "active" | "opensent" | "openconfirm" | "established";

export interface PeerRow {
  readonly node: string;
  readonly localAsn: number;
  /** The configured ASN, or the one the peer announced when configured as 0. */
  readonly peerAsn: number;
  readonly peerAddress: string;
  readonly peerName: string;
  readonly state: SessionStateName;
  /** Milliseconds since Established; absent when not established. */
  readonly uptimeMs?: number;
  /** `ipv4/unicast` */
  readonly family: string;
  readonly received: number;
  readonly advertised: number;
  /**
   * Why the session is not Established, in words, when known: a TCP-MD5 mismatch named from the
   * kernel's counters, a failed connect, or how the last session ended. Absent while Established.
   */
  readonly reason?: string;
}

export interface RouteRow {
  readonly node: string;
  /** The instance's local AS, which Cilium shows as the virtual router. */
  readonly vrouter: number;
  /** Advertised views only: the peer address. */
  readonly peer?: string;
  readonly afi: AfiName;
  readonly prefix: string;
  readonly nextHop: string;
  readonly ageMs: number;
  readonly best: boolean;
  /** "local" or the peer address the route came from. */
  readonly from: string;
  readonly origin: string;
  readonly asPath: string;
  readonly localPref?: number;
  readonly med?: number;
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  readonly stale: boolean;
}
