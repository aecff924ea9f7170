// Adj-RIB-Out (RFC 4271 §3.2): per peer, what we have advertised, after export policy. Both
// entry points return a diff (announce/withdraw) so the session layer sends only changes.

import type { PathAttributes, Prefix } from "../model.js";
import { prefixKey } from "../model.js";
import { attributesEqual } from "./attributes-equal.js";
import type { ExportContext, ExportPeer } from "./export-policy.js";
import { exportRoute } from "./export-policy.js";
import type { LocRib, LocRibChange } from "./loc-rib.js";
import type { Route } from "./route.js";

export interface AdvertisedRoute {
  readonly prefix: Prefix;
  readonly key: string;
  /** The attributes as sent to this peer. */
  readonly attributes: PathAttributes;
  /** The Loc-RIB path it was derived from. */
  readonly route: Route;
  /** Scheduler milliseconds of the last announcement of these attributes. */
  readonly advertisedAt: number;
}

export interface RibOutDiff {
  readonly announce: AdvertisedRoute[];
  readonly withdraw: Prefix[];
}

export class AdjRibOut {
  private readonly table = new Map<string, AdvertisedRoute>();

  constructor(
    private peer: ExportPeer,
    private readonly ctx: ExportContext,
  ) {}

  get size(): number {
    return this.table.size;
  }

  get peerAddress(): string {
    return this.peer.address;
  }

  routes(): IterableIterator<AdvertisedRoute> {
    return this.table.values();
  }

  get(key: string): AdvertisedRoute | undefined {
    return this.table.get(key);
  }

  /** Apply Loc-RIB changes as they happen. */
  apply(changes: Iterable<LocRibChange>, now: number): RibOutDiff {
    const diff: RibOutDiff = { announce: [], withdraw: [] };
    for (const change of changes) {
      this.consider(change.prefix, change.type === "best" ? change.route : undefined, now, diff);
    }
    return diff;
  }

  /**
   * Recompute everything from the Loc-RIB: when the session comes up (the full initial
   * table), or when this peer's export settings change (`peer` replaces them).
   */
  sync(locRib: LocRib, now: number, peer?: ExportPeer): RibOutDiff {
    if (peer) this.peer = peer;
    const diff: RibOutDiff = { announce: [], withdraw: [] };
    for (const entry of locRib.entries()) this.consider(entry.prefix, entry.best, now, diff);
    for (const [key, adv] of this.table) {
      if (!locRib.get(key)) this.consider(adv.prefix, undefined, now, diff);
    }
    return diff;
  }

  /** The session went down: nothing is advertised any more, and nothing needs sending. */
  clear(): void {
    this.table.clear();
  }

  private consider(prefix: Prefix, best: Route | undefined, now: number, diff: RibOutDiff): void {
    const key = best?.key ?? prefixKey(prefix);
    const current = this.table.get(key);
    const decision = best ? exportRoute(best, this.peer, this.ctx) : undefined;
    if (!best || !decision || decision.type === "reject") {
      if (current) {
        this.table.delete(key);
        diff.withdraw.push(prefix);
      }
      return;
    }
    if (current && attributesEqual(current.attributes, decision.attributes)) {
      // Same attributes on the wire: remember the new source, keep the age, send nothing.
      if (current.route !== best) this.table.set(key, { ...current, route: best });
      return;
    }
    const adv: AdvertisedRoute = {
      prefix,
      key,
      attributes: decision.attributes,
      route: best,
      advertisedAt: now,
    };
    this.table.set(key, adv);
    diff.announce.push(adv);
  }
}
