// One BGP instance (Cilium's `bgpInstances[]` entry) at run time: its RIB, a PeerSession per
// configured peer, and the glue between them — initial table and End-of-RIB on Established
// (RFC 4724 §2), received UPDATEs into the RIB, changes out to the other peers, route refresh
// (RFC 2918, RFC 7313), graceful-restart helper (RFC 4724 §4.2), and incremental reloads.

import type { InstanceConfig, PeerConfig } from "../config/speaker-config.js";
import { REJECT_INBOUND } from "../config/speaker-config.js";
import type { KernelAccess } from "../fib/index.js";
import { KernelFib, multipathNextHops } from "../fib/index.js";
import { sessionResetReasons } from "../config/session-diff.js";
import type { NegotiatedSession, TimerHandle, TimerScheduler } from "../fsm/index.js";
import type { AfiName } from "../model.js";
import { AFI, SAFI, prefixKey } from "../model.js";
import type { ExportPeer, LocRibChange, RibOutDiff } from "../rib/index.js";
import { Rib, originate } from "../rib/index.js";
import { PeerSession, buildUpdates } from "../session/index.js";
import type { SessionEvents, SocketPlace } from "../session/index.js";
import { RouteRefreshSubtype, endOfRibUpdate } from "../wire/index.js";
import type { LocalAdvertisements } from "./advertisements.js";
import { resolveAdvertisements } from "./advertisements.js";
import type { AddressSource } from "./local-addresses.js";
import { nextHopsFor } from "./local-addresses.js";
import type { Logger } from "./log.js";

export interface InstanceDeps {
  readonly node: string;
  readonly scheduler: TimerScheduler;
  readonly log: Logger;
  readonly addresses: AddressSource;
  readonly sockets: SocketPlace;
  readonly random?: () => number;
  /** Where imported routes are installed; absent: kept in the RIB only (unit tests). */
  readonly kernel?: KernelAccess;
  /** This speaker was started again after its process died (graceful restart's R bit). */
  readonly restarted?: boolean;
}

const AFI_NAME: Record<number, AfiName> = { [AFI.ipv4]: "ipv4", [AFI.ipv6]: "ipv6" };

function familyText(f: { afi: number; safi: number }): string {
  return `${AFI_NAME[f.afi] ?? `afi${f.afi}`}/${f.safi === SAFI.unicast ? "unicast" : `safi${f.safi}`}`;
}

/** Cease subcodes of RFC 4486 §4 the speaker sends. */
export const Cease = { administrativeShutdown: 2, peerDeconfigured: 3, otherConfigurationChange: 6 } as const;

/**
 * After a reset (Cease sent), the new session waits this long before it connects: a connection
 * that reaches the peer before it has read our NOTIFICATION meets a session it still thinks is
 * Established, and RFC 4271 §6.8 has it closed (FRR answers Cease/Connection Collision
 * Resolution), after which our connect would wait out the whole ConnectRetry time.
 */
export const RESET_DELAY_MS = 1000;

export class InstanceRuntime implements SessionEvents {
  readonly rib: Rib;
  readonly sessions = new Map<string, PeerSession>();
  private adverts: LocalAdvertisements;
  private readonly staleTimers = new Map<string, TimerHandle>();
  /** Per peer address, what its last session negotiated: graceful restart outlives the session. */
  private readonly lastNegotiated = new Map<string, NegotiatedSession>();
  /** Imported routes into the node's kernel (only peers with import have routes to install). */
  private readonly fib: KernelFib | undefined;
  private started = false;
  private stopped = false;

  constructor(
    public config: InstanceConfig,
    private readonly deps: InstanceDeps,
  ) {
    this.rib = new Rib({ localAsn: config.localASN });
    this.adverts = resolveAdvertisements(config, deps.addresses);
    if (deps.kernel) {
      this.rib.locRib.trackTouched();
      this.fib = new KernelFib({
        kernel: deps.kernel,
        scheduler: deps.scheduler,
        log: (line) => this.log(line),
        nextHops: (key) =>
          multipathNextHops(this.rib.locRib.get(key), undefined, (address) => this.peerInterface(address)),
      });
    }
  }

  /** Resolves once the kernel holds what the Loc-RIB says now (tests, and before removal). */
  async kernelSettled(): Promise<void> {
    await this.fib?.settled();
  }

  /** Takes every route this instance installed out of the kernel; call after stop(). */
  async removeKernelRoutes(): Promise<void> {
    await this.fib?.close();
  }

  start(): void {
    this.originateAll();
    for (const peer of this.config.peers) this.addSession(peer);
    this.started = true;
  }

  /** The session for an incoming connection from this address, if one is configured. */
  sessionFor(address: string): PeerSession | undefined {
    for (const s of this.sessions.values())
      if (s.peer.address.toLowerCase() === address.toLowerCase()) return s;
    return undefined;
  }

  stop(subcode: number): void {
    this.stopped = true;
    for (const s of this.sessions.values()) s.stop(subcode);
    for (const t of this.staleTimers.values()) t.cancel();
    this.staleTimers.clear();
  }

  /**
   * Apply a new configuration of the same instance: unchanged peers keep their sessions,
   * removed ones get Cease/Peer De-configured, new ones start, changed ones restart; the
   * originated routes change incrementally (announce/withdraw only what differs).
   */
  reload(next: InstanceConfig): void {
    const before = new Map(this.config.peers.map((p) => [p.name, p]));
    const after = new Map(next.peers.map((p) => [p.name, p]));
    const reset = new Set<string>();
    this.config = next;
    for (const [name, peer] of before) {
      const now = after.get(name);
      const reasons = now ? sessionResetReasons(peer, now) : [];
      if (now && reasons.length === 0) continue;
      const session = this.sessions.get(name);
      this.sessions.delete(name);
      if (session) {
        this.log(
          `peer ${name} (${peer.address}): ${now ? `session reset: ${reasons.join(", ")}` : "removed from the configuration"}`,
        );
        session.stop(now ? Cease.otherConfigurationChange : Cease.peerDeconfigured);
        if (now) reset.add(name);
      }
    }
    this.adverts = resolveAdvertisements(next, this.deps.addresses);
    this.send(this.rib.propagate(this.originateAll(), this.deps.scheduler.now()));
    // Advertisement changes for peers whose session stays: re-sync their Adj-RIB-Out.
    for (const session of this.sessions.values()) {
      const peer = after.get(session.peer.name);
      if (!peer) continue;
      session.reconfigure(peer);
      this.resync(session);
    }
    for (const peer of next.peers)
      if (!this.sessions.has(peer.name)) this.addSession(peer, reset.has(peer.name) ? RESET_DELAY_MS : 0);
  }

  log(line: string): void {
    this.deps.log.info(line);
  }

  established(session: PeerSession, n: NegotiatedSession): void {
    const hold =
      n.holdTimeSeconds === 0
        ? "no hold timer"
        : `hold ${n.holdTimeSeconds}s, keepalive ${n.keepaliveSeconds}s`;
    const caps = [
      n.fourOctetAs ? "4-octet AS" : "2-octet AS",
      ...(n.peerGracefulRestart ? ["graceful restart"] : []),
    ];
    const host = n.peerHostname ? `, hostname ${n.peerHostname}` : "";
    session.log(
      `session Established with AS ${n.peerAsn} (${n.internal ? "iBGP" : "eBGP"}, router id ${n.peerBgpId}${host}): ` +
        `${hold}, families ${n.families.map(familyText).join(" ") || "none"}, ${caps.join(", ")}`,
    );
    const now = this.deps.scheduler.now();
    const address = session.peer.address;
    this.staleTimers.get(address)?.cancel();
    this.staleTimers.delete(address);
    // RFC 4724 §4.2: stale routes of a family the new session does not preserve (no capability,
    // family missing, or its Forwarding State bit clear) go at once, not at End-of-RIB.
    const preserved = new Set(
      (n.peerGracefulRestart?.families ?? [])
        .filter((f) => f.forwardingPreserved && f.safi === SAFI.unicast)
        .map((f) => AFI_NAME[f.afi]),
    );
    for (const afi of ["ipv4", "ipv6"] as const)
      if (!preserved.has(afi)) this.apply(this.rib.sweepStale(address, afi));
    this.apply(
      this.rib.peerUp(
        { address, bgpId: n.peerBgpId, asn: n.peerAsn, ebgp: !n.internal },
        session.peer.inbound ?? REJECT_INBOUND,
      ),
    );
    this.sendDiff(session, this.rib.exportTo(this.exportPeer(session), now));
    // RFC 4724 §2: End-of-RIB per family once the initial table is out.
    for (const f of n.families) session.send(endOfRibUpdate(f));
  }

  update(session: PeerSession, update: Parameters<SessionEvents["update"]>[1]): void {
    const address = session.peer.address;
    if (update.treatAsWithdraw) {
      session.log(`malformed UPDATE treated as withdraw (RFC 7606): ${update.treatAsWithdraw.reason}`);
    }
    // RFC 4271 §9.1.2: a route whose AS_PATH holds our own AS is a loop and is not used; drop it
    // as a withdrawal so an earlier path for the prefix from this peer goes too.
    const own = this.config.localASN;
    const loops = update.announced.filter((r) => r.attributes.asPath.some((seg) => seg.asns.includes(own)));
    const routes = loops.length
      ? {
          announced: update.announced.filter((r) => !loops.includes(r)),
          withdrawn: [...update.withdrawn, ...loops.map((r) => r.prefix)],
        }
      : update;
    const { changes, overLimit } = this.rib.receive(address, routes, this.deps.scheduler.now());
    if (overLimit) {
      this.apply(changes);
      session.closeForPrefixLimit(overLimit.afi, overLimit.limit);
      return;
    }
    if (update.endOfRib) {
      const afi = AFI_NAME[update.endOfRib.afi];
      // RFC 4724 §4.2: End-of-RIB ends the wait for a restarted peer's routes of that family.
      if (afi) changes.push(...this.rib.sweepStale(address, afi));
    }
    this.apply(changes);
  }

  routeRefresh(session: PeerSession, afi: number, safi: number, subtype: number): void {
    // RFC 7313 §4: Beginning/End of Route Refresh come from the peer re-sending; only a request
    // (subtype 0) asks us for anything. Other subtypes are ignored (§5).
    if (subtype !== RouteRefreshSubtype.normal) return;
    const afiName = AFI_NAME[afi];
    const out = this.rib.adjRibOut(session.peer.address);
    if (!afiName || safi !== SAFI.unicast || !out) return;
    session.log(`route refresh requested for ${familyText({ afi, safi })}: re-sending`);
    const enhanced = session.negotiated?.enhancedRouteRefresh ?? false;
    if (enhanced) session.send({ type: "route-refresh", afi, safi, subtype: RouteRefreshSubtype.beginning });
    const announce = [...out.routes()].filter((r) => r.prefix.afi === afiName);
    for (const m of buildUpdates({ announce, withdraw: [] })) session.send(m);
    if (enhanced) session.send({ type: "route-refresh", afi, safi, subtype: RouteRefreshSubtype.end });
  }

  /** The session already logged why; here only the routes matter. */
  down(session: PeerSession, _reason: string, tcpFailure: boolean): void {
    const address = session.peer.address;
    const gr = this.lastNegotiated.get(address)?.peerGracefulRestart;
    const preserved = (gr?.families ?? []).map((f) => AFI_NAME[f.afi]).filter((a): a is AfiName => !!a);
    // RFC 4724 §4.2: only a transport failure of a peer that announced families keeps routes.
    const keepStale = tcpFailure && preserved.length > 0;
    const changes = this.rib.peerDown(address, keepStale);
    if (keepStale && gr) {
      for (const afi of ["ipv4", "ipv6"] as const)
        if (!preserved.includes(afi)) changes.push(...this.rib.sweepStale(address, afi));
      session.log(
        `keeping its ${preserved.join(", ")} routes as stale for up to ${gr.restartTimeSeconds}s (graceful restart helper)`,
      );
      this.staleTimers.set(
        address,
        this.deps.scheduler.schedule(gr.restartTimeSeconds * 1000, () => {
          this.staleTimers.delete(address);
          session.log("restart time expired: removing its stale routes");
          this.apply(this.rib.sweepStale(address));
        }),
      );
    }
    this.apply(changes);
  }

  private addSession(peer: PeerConfig, delayMs = 0): void {
    const session = new PeerSession({
      node: this.deps.node,
      instance: this.config,
      peer,
      scheduler: this.deps.scheduler,
      place: this.deps.sockets,
      events: {
        log: (l) => this.log(l),
        established: (s, n) => {
          this.lastNegotiated.set(s.peer.address, n);
          this.established(s, n);
        },
        update: (s, u) => this.update(s, u),
        routeRefresh: (s, a, sf, st) => this.routeRefresh(s, a, sf, st),
        down: (s, r, t) => this.down(s, r, t),
      },
      ...(this.deps.random ? { random: this.deps.random } : {}),
      // Only the peers configured when it came back: one added later by a reload never saw it go.
      restarted: (this.deps.restarted ?? false) && !this.started,
    });
    this.sessions.set(peer.name, session);
    if (delayMs === 0) session.start();
    else
      this.deps.scheduler.schedule(delayMs, () => {
        // Removed, reset again, or the instance stopped meanwhile: that session never starts.
        if (!this.stopped && this.sessions.get(peer.name) === session) session.start();
      });
  }

  /** Bring the Loc-RIB's local routes in line with the advertisements; returns the changes. */
  private originateAll(): LocRibChange[] {
    const now = this.deps.scheduler.now();
    const changes: LocRibChange[] = [];
    const wanted = this.adverts.routes;
    for (const entry of [...this.rib.locRib.entries()]) {
      const local = entry.candidates.get("local");
      if (local && !wanted.has(prefixKey(entry.prefix)))
        changes.push(...this.rib.withdrawLocal(entry.prefix));
    }
    for (const { prefix, attributes } of wanted.values()) {
      const route = originate(prefix, attributes, now);
      const existing = this.rib.locRib.get(route.key)?.candidates.get("local");
      if (existing && JSON.stringify(existing.attributes) === JSON.stringify(route.attributes)) continue;
      changes.push(...this.rib.originate(route));
    }
    return changes;
  }

  /** The interface of an unnumbered peer's session (its link-local next hops are on it). */
  private peerInterface(address: string): string | undefined {
    return this.sessionFor(address)?.peer.interface;
  }

  private exportPeer(session: PeerSession): ExportPeer {
    const n = session.negotiated;
    const local = session.localAddress ?? session.peer.localAddress ?? "";
    const extended = (n?.extendedNextHop.length ?? 0) > 0;
    return {
      address: session.peer.address,
      asn: n?.peerAsn ?? session.peer.peerASN,
      nextHop: nextHopsFor(this.deps.addresses, local, extended),
      originated: this.adverts.perPeer.get(session.peer.name) ?? new Map(),
      exportLearned: false,
    };
  }

  private resync(session: PeerSession): void {
    if (!session.negotiated) return;
    this.sendDiff(session, this.rib.exportTo(this.exportPeer(session), this.deps.scheduler.now()));
  }

  private apply(changes: LocRibChange[]): void {
    this.send(this.rib.propagate(changes, this.deps.scheduler.now()));
  }

  private send(diffs: Map<string, RibOutDiff>): void {
    // Every Loc-RIB change passes here on its way out: the kernel follows it.
    this.fib?.touch(this.rib.locRib.drainTouched());
    for (const [address, diff] of diffs) {
      const session = this.sessionFor(address);
      if (session) this.sendDiff(session, diff);
    }
  }

  private sendDiff(session: PeerSession, diff: RibOutDiff): void {
    if (diff.announce.length === 0 && diff.withdraw.length === 0) return;
    for (const m of buildUpdates(diff)) session.send(m);
    if (diff.withdraw.length) session.log(`withdrew ${diff.withdraw.length} route(s)`);
    if (diff.announce.length) session.log(`announced ${diff.announce.length} route(s)`);
  }
}
