// Adj-RIB-In (RFC 4271 §3.2): what one peer told us, unprocessed, keyed by prefix, for a peer
// whose routes are imported (InboundPolicy "import"). Also the helper side of graceful restart
// (RFC 4724 §4.2): when a peer that advertised GR goes down, its routes are kept but marked stale,
// then swept at End-of-RIB or when its restart time ends.

import type { AfiName, PathAttributes, Prefix } from "../model.js";
import { prefixKey } from "../model.js";
import type { Route, RouteSource } from "./route.js";
import { Arrival, LearnedRoute } from "./route.js";
import { ShardedMap } from "./sharded-map.js";

export interface PeerInfo {
  readonly address: string;
  readonly bgpId: string;
  readonly asn: number;
  readonly ebgp: boolean;
}

export class AdjRibIn {
  private readonly table = new ShardedMap<LearnedRoute>();
  private source: RouteSource;
  /** Routes per family, kept as they change: the peers table asks often, the table is large. */
  private readonly counts: Record<AfiName, number> = { ipv4: 0, ipv6: 0 };
  private arrival: Arrival;

  constructor(peer: PeerInfo) {
    this.source = sourceOf(peer);
    this.arrival = new Arrival(this.source, Number.NaN);
  }

  /** A new session may bring a new identifier; routes received from then on carry it. */
  setPeer(peer: PeerInfo): void {
    this.source = sourceOf(peer);
    this.arrival = new Arrival(this.source, Number.NaN);
  }

  get size(): number {
    return this.table.size;
  }

  count(afi: AfiName): number {
    return this.counts[afi];
  }

  /** Whether the prefix is new to this table (it would add to the count), without storing it. */
  has(prefix: Prefix): boolean {
    return this.table.has(prefixKey(prefix));
  }

  /** Store an announcement, replacing (and un-staling) any earlier path for the prefix. */
  update(prefix: Prefix, attributes: PathAttributes, now: number): Route {
    const key = prefixKey(prefix);
    if (this.arrival.at !== now) this.arrival = new Arrival(this.source, now);
    const route = new LearnedRoute(key, attributes, this.arrival);
    const before = this.table.size;
    this.table.set(key, route);
    if (this.table.size !== before) this.counts[prefix.afi]++;
    return route;
  }

  /** The withdrawn route, or undefined when we had none for the prefix. */
  withdraw(prefix: Prefix): Route | undefined {
    const key = prefixKey(prefix);
    const route = this.table.get(key);
    if (route) {
      this.table.delete(key);
      this.counts[route.afi]--;
    }
    return route;
  }

  get(prefix: Prefix): Route | undefined {
    return this.table.get(prefixKey(prefix));
  }

  routes(): IterableIterator<Route> {
    return this.table.values();
  }

  /** On session loss with a GR-capable peer; returns how many routes were marked. */
  markAllStale(family?: AfiName): number {
    let n = 0;
    for (const r of this.table.values()) {
      if (family !== undefined && r.afi !== family) continue;
      r.stale = true;
      n++;
    }
    return n;
  }

  /** Remove the routes still stale (End-of-RIB for the family, or restart time expired). */
  sweepStale(family?: AfiName): Route[] {
    const removed: Route[] = [];
    for (const [key, r] of this.table) {
      if (!r.stale || (family !== undefined && r.afi !== family)) continue;
      this.table.delete(key);
      this.counts[r.afi]--;
      removed.push(r);
    }
    return removed;
  }

  /** Session lost without graceful restart: everything goes. */
  clear(): Route[] {
    const all = [...this.table.values()];
    this.table.clear();
    this.counts.ipv4 = 0;
    this.counts.ipv6 = 0;
    return all;
  }
}

function sourceOf(peer: PeerInfo): RouteSource {
  return {
    type: "peer",
    peerAddress: peer.address,
    peerBgpId: peer.bgpId,
    peerAsn: peer.asn,
    ebgp: peer.ebgp,
  };
}
