// The three RIBs of RFC 4271 §3.2 wired together for the session layer: UPDATEs go into a
// peer's Adj-RIB-In, the Loc-RIB picks best paths, and each change flows to every peer's
// Adj-RIB-Out as a diff to send. A peer whose routes are rejected (Cilium's default) has no
// Adj-RIB-In: what it announces is only counted.

import { InternalError } from "../../errors.js";
import type { InboundPolicy } from "../config/speaker-config.js";
import type { AfiName, PathAttributes, Prefix } from "../model.js";
import { prefixKey } from "../model.js";
import type { PeerInfo } from "./adj-rib-in.js";
import { AdjRibIn } from "./adj-rib-in.js";
import type { RibOutDiff } from "./adj-rib-out.js";
import { AdjRibOut } from "./adj-rib-out.js";
import type { BestPathOptions } from "./best-path.js";
import { DEFAULT_BEST_PATH_OPTIONS } from "./best-path.js";
import type { ExportPeer } from "./export-policy.js";
import type { LocRibChange } from "./loc-rib.js";
import { LocRib } from "./loc-rib.js";
import { AttributeInterner } from "./intern.js";
import { PrefixSet } from "./prefix-set.js";
import type { Route } from "./route.js";

export interface RibOptions {
  readonly localAsn: number;
  readonly bestPath?: BestPathOptions;
}

/**
 * One UPDATE's worth of NLRI, as the codec lifts it out of the message: the wire codec's
 * ReceivedUpdate (announced/withdrawn of every family) fits this shape as it is.
 */
export interface ReceivedRoutes {
  readonly announced: readonly { readonly prefix: Prefix; readonly attributes: PathAttributes }[];
  readonly withdrawn: readonly Prefix[];
}

/** A peer's inbound side: its routes kept, up to a limit, or only counted. */
type Inbound =
  | { readonly mode: "import"; readonly rib: AdjRibIn; maxPrefixes: number }
  | { readonly mode: "reject"; readonly seen: PrefixSet };

/** A new prefix would take the peer past its limit for the family (RFC 4486 §4, Cease/1). */
export interface PrefixLimitExceeded {
  readonly afi: AfiName;
  readonly limit: number;
}

export interface ReceiveOutcome {
  readonly changes: LocRibChange[];
  /** Set when the UPDATE was cut short by the limit: the session must be closed. */
  readonly overLimit?: PrefixLimitExceeded;
}

export class Rib {
  readonly locRib: LocRib;
  private readonly inbound = new Map<string, Inbound>();
  private readonly outbound = new Map<string, AdjRibOut>();
  private readonly interner = new AttributeInterner();

  constructor(private readonly options: RibOptions) {
    this.locRib = new LocRib(options.bestPath ?? DEFAULT_BEST_PATH_OPTIONS);
  }

  /** The peer's kept routes; undefined for a peer whose routes are rejected, or unknown. */
  adjRibIn(address: string): AdjRibIn | undefined {
    const inbound = this.inbound.get(address);
    return inbound?.mode === "import" ? inbound.rib : undefined;
  }

  /** Prefixes the peer currently announces in the family, kept or not (the Received column). */
  received(address: string, afi: AfiName): number {
    const inbound = this.inbound.get(address);
    if (!inbound) return 0;
    return inbound.mode === "import" ? inbound.rib.count(afi) : inbound.seen.count(afi);
  }

  adjRibOut(address: string): AdjRibOut | undefined {
    return this.outbound.get(address);
  }

  /**
   * A session came up: routes from it will carry this peer information, and are kept or only
   * counted as `policy` says. Routes still held from an earlier session (stale, graceful restart)
   * go when the policy no longer imports: the returned changes.
   */
  peerUp(peer: PeerInfo, policy: InboundPolicy): LocRibChange[] {
    const existing = this.inbound.get(peer.address);
    if (policy.mode === "reject") {
      const changes = existing?.mode === "import" ? this.removeAll(existing.rib.clear()) : [];
      if (existing?.mode !== "reject")
        this.inbound.set(peer.address, { mode: "reject", seen: new PrefixSet() });
      return changes;
    }
    if (existing?.mode === "import") {
      existing.rib.setPeer(peer);
      existing.maxPrefixes = policy.maxPrefixes;
    } else {
      this.inbound.set(peer.address, {
        mode: "import",
        rib: new AdjRibIn(peer),
        maxPrefixes: policy.maxPrefixes,
      });
    }
    return [];
  }

  receive(address: string, update: ReceivedRoutes, now: number): ReceiveOutcome {
    const inbound = this.inbound.get(address);
    if (!inbound) throw new InternalError(`no Adj-RIB-In for peer ${address}: call peerUp first`);
    const changes: LocRibChange[] = [];
    if (inbound.mode === "reject") {
      for (const prefix of update.withdrawn) inbound.seen.delete(prefix);
      for (const { prefix } of update.announced) inbound.seen.add(prefix);
      return { changes };
    }
    const rib = inbound.rib;
    for (const prefix of update.withdrawn) {
      const old = rib.withdraw(prefix);
      if (old) push(changes, this.locRib.removeRoute(old));
    }
    for (const { prefix, attributes } of update.announced) {
      if (rib.count(prefix.afi) >= inbound.maxPrefixes && !rib.has(prefix))
        return { changes, overLimit: { afi: prefix.afi, limit: inbound.maxPrefixes } };
      push(changes, this.locRib.add(rib.update(prefix, this.interner.intern(attributes), now)));
    }
    return { changes };
  }

  /**
   * A session ended. With `keepStale` (the peer advertised graceful restart, RFC 4724 §4.2)
   * its routes stay in use, marked stale; otherwise they are withdrawn at once.
   */
  peerDown(address: string, keepStale: boolean): LocRibChange[] {
    this.outbound.get(address)?.clear();
    this.outbound.delete(address);
    const inbound = this.inbound.get(address);
    if (!inbound) return [];
    if (inbound.mode === "reject") {
      // Nothing was kept; forget what was counted (and the memory the set took).
      this.inbound.delete(address);
      return [];
    }
    if (keepStale) {
      inbound.rib.markAllStale();
      return [];
    }
    this.inbound.delete(address);
    return this.removeAll(inbound.rib.clear());
  }

  /** End-of-RIB for a family, or the restart time ran out (no family): drop what is still stale. */
  sweepStale(address: string, family?: AfiName): LocRibChange[] {
    const rib = this.adjRibIn(address);
    return rib ? this.removeAll(rib.sweepStale(family)) : [];
  }

  /** Add or replace a locally originated route. */
  originate(route: Route): LocRibChange[] {
    const changes: LocRibChange[] = [];
    push(changes, this.locRib.add(route));
    return changes;
  }

  withdrawLocal(prefix: Prefix): LocRibChange[] {
    const changes: LocRibChange[] = [];
    push(changes, this.locRib.remove(prefixKey(prefix), "local"));
    return changes;
  }

  /**
   * Start (or refresh) exporting to a peer whose session is Established: the returned diff is
   * the full initial table, or the difference after an export settings change.
   */
  exportTo(peer: ExportPeer, now: number): RibOutDiff {
    let out = this.outbound.get(peer.address);
    if (!out) {
      out = new AdjRibOut(peer, { localAsn: this.options.localAsn });
      this.outbound.set(peer.address, out);
    }
    return out.sync(this.locRib, now, peer);
  }

  /** Apply Loc-RIB changes to every exporting peer; peers with nothing to send are left out. */
  propagate(changes: readonly LocRibChange[], now: number): Map<string, RibOutDiff> {
    const diffs = new Map<string, RibOutDiff>();
    if (changes.length === 0) return diffs;
    for (const [address, out] of this.outbound) {
      const diff = out.apply(changes, now);
      if (diff.announce.length || diff.withdraw.length) diffs.set(address, diff);
    }
    return diffs;
  }

  private removeAll(routes: readonly Route[]): LocRibChange[] {
    const changes: LocRibChange[] = [];
    for (const r of routes) push(changes, this.locRib.removeRoute(r));
    return changes;
  }
}

function push(changes: LocRibChange[], change: LocRibChange | undefined): void {
  if (change) changes.push(change);
}
