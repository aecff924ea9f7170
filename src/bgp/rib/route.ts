// One path to one prefix, as the RIB stores it: the decoded attributes plus where and when
// it came from. The same Route object is shared by the Adj-RIB-In and the Loc-RIB, so marking
// it stale in one is seen in the other without copying.

import type { AfiName, PathAttributes, Prefix } from "../model.js";

/** Who told us about a route: a BGP neighbour, or this speaker's own configuration. */
export type RouteSource =
  | {
      readonly type: "peer";
      readonly peerAddress: string;
      /** The neighbour's BGP identifier (RFC 4271 §9.1.2.2 (f)). */
      readonly peerBgpId: string;
      readonly peerAsn: number;
      /** Learned over eBGP (peer AS differs from ours). */
      readonly ebgp: boolean;
    }
  | { readonly type: "local" };

export interface Route {
  readonly prefix: Prefix;
  /** prefixKey(prefix), cached: every map in the RIB is keyed by it. */
  readonly key: string;
  readonly attributes: PathAttributes;
  readonly source: RouteSource;
  /** Scheduler milliseconds when the route was received or originated. */
  readonly receivedAt: number;
  /** RFC 4724 §4.2: kept from a restarting peer until it re-sends the route or time runs out. */
  stale: boolean;
}

/**
 * Where and when routes arrived, shared by all the routes of one UPDATE: one field per route
 * instead of two, and a millisecond timestamp is not a small integer, so stored in each route it
 * would be a number object of its own.
 */
export class Arrival {
  constructor(
    readonly source: RouteSource,
    readonly at: number,
  ) {}
}

/**
 * A route received from a peer, as the Adj-RIB-In keeps it: the prefix lives in its key alone
 * (the decoded Prefix and its address text are dropped) and is rebuilt when asked for, which is
 * rare next to how many routes sit in the table. Attributes and arrival are shared objects, so a
 * route costs this object (four fields), its key and its place in the two tables.
 */
export class LearnedRoute implements Route {
  stale = false;

  constructor(
    readonly key: string,
    readonly attributes: PathAttributes,
    private readonly arrival: Arrival,
  ) {}

  get source(): RouteSource {
    return this.arrival.source;
  }

  get receivedAt(): number {
    return this.arrival.at;
  }

  get afi(): AfiName {
    return this.key.includes(":") ? "ipv6" : "ipv4";
  }

  get prefix(): Prefix {
    const slash = this.key.lastIndexOf("/");
    return { afi: this.afi, address: this.key.slice(0, slash), length: Number(this.key.slice(slash + 1)) };
  }
}

/** The Loc-RIB keys candidates by this: one path per prefix per source (no add-path). */
export function sourceId(source: RouteSource): string {
  return source.type === "local" ? "local" : source.peerAddress;
}

export function isEbgp(route: Route): boolean {
  return route.source.type === "peer" && route.source.ebgp;
}

export function isIbgp(route: Route): boolean {
  return route.source.type === "peer" && !route.source.ebgp;
}
