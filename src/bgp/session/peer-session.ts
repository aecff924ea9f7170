// One configured peer: the outgoing attempt that retries for the session's whole life
// (ConnectRetry, then the IdleHold restart after a failure), an incoming attempt while the
// peer connects to us, and RFC 4271 §6.8 collision detection between the two.

import type { Socket } from "node:net";
import type { InstanceConfig, PeerConfig } from "../config/speaker-config.js";
import type { FsmState, NegotiatedSession, ReceivedOpen, TimerScheduler } from "../fsm/index.js";
import { detectCollision, fsmContextFor } from "../fsm/index.js";
import type { AfiName } from "../model.js";
import { AFI, ErrorCode, SAFI } from "../model.js";
import type { BgpMessage, ReceivedUpdate } from "../wire/index.js";
import type { AttemptOwner } from "./attempt.js";
import { Attempt } from "./attempt.js";
import { sessionCapabilities } from "./capabilities.js";
import { plainSockets, sessionTtl, type SocketPlace } from "./tcp.js";

/** What the speaker hears from a session. */
export interface SessionEvents {
  log(line: string): void;
  established(session: PeerSession, negotiated: NegotiatedSession): void;
  update(session: PeerSession, update: ReceivedUpdate): void;
  routeRefresh(session: PeerSession, afi: number, safi: number, subtype: number): void;
  /** `tcpFailure`: the transport failed without a NOTIFICATION, the case RFC 4724 §4.2 covers. */
  down(session: PeerSession, reason: string, tcpFailure: boolean): void;
}

export interface PeerSessionOptions {
  readonly node: string;
  readonly instance: InstanceConfig;
  readonly peer: PeerConfig;
  readonly scheduler: TimerScheduler;
  readonly events: SessionEvents;
  readonly random?: () => number;
  /** Where outgoing sockets are created (default: net.connect in this namespace). */
  readonly place?: SocketPlace;
  /**
   * The speaker itself restarted (its host crashed and was started again): the first session's
   * OPEN carries graceful restart's Restart State bit (RFC 4724 §3).
   */
  readonly restarted?: boolean;
}

/** RFC 4486 §4: Cease subcode 1, Maximum Number of Prefixes Reached. */
export const CEASE_MAX_PREFIXES = 1;

const PROGRESS: Record<FsmState["name"], number> = {
  Idle: 0,
  Connect: 1,
  Active: 1,
  OpenSent: 2,
  OpenConfirm: 3,
  Established: 4,
};

export class PeerSession implements AttemptOwner {
  private readonly outgoing: Attempt;
  private incoming: Attempt | undefined;
  /** The attempt whose session is Established, if any. */
  private live: Attempt | undefined;
  private negotiatedSession: NegotiatedSession | undefined;
  private stopped = false;
  /** Why the session is not up, as last seen: a failed connect or the end of the last session. */
  private lastProblem: string | undefined;

  private config: PeerConfig;
  /** Until the first session after a restart is up: the R bit is about that one restart. */
  private restarting: boolean;

  constructor(private readonly options: PeerSessionOptions) {
    this.config = options.peer;
    this.restarting = options.restarted ?? false;
    this.outgoing = this.newAttempt("outgoing");
  }

  get peer(): PeerConfig {
    return this.config;
  }

  /**
   * New advertisements for a peer whose session settings did not change: the session stays,
   * only what is exported differs (the speaker re-syncs the Adj-RIB-Out).
   */
  reconfigure(peer: PeerConfig): void {
    this.config = peer;
  }

  get instance(): InstanceConfig {
    return this.options.instance;
  }

  /** The FSM state of the most advanced attempt, as `cilium bgp peers` shows it. */
  get state(): FsmState["name"] {
    return this.current().fsm.state.name;
  }

  get negotiated(): NegotiatedSession | undefined {
    return this.live ? this.negotiatedSession : undefined;
  }

  get establishedAt(): number | undefined {
    return this.live?.establishedAt;
  }

  /** Our address on the established connection: the next hop we advertise. */
  get localAddress(): string | undefined {
    return this.live?.connection?.localAddress;
  }

  /** Why it is not Established, when something said so; undefined while Established. */
  get problem(): string | undefined {
    return this.live ? undefined : this.lastProblem;
  }

  start(): void {
    this.outgoing.fsm.start();
  }

  /** The peer connected to our listening socket. */
  accept(socket: Socket): void {
    if (this.stopped || (this.incoming && this.incoming.fsm.state.name !== "Idle")) {
      // One incoming connection at a time; a second one while the first is alive is refused.
      socket.destroy();
      return;
    }
    this.incoming?.dispose();
    this.incoming = this.newAttempt("incoming");
    this.incoming.adopt(socket);
  }

  send(message: BgpMessage): void {
    this.live?.send(message);
  }

  /** Cease (RFC 4486 §4) on whatever is open, and no restart: shutdown (6/2) or removal (6/3). */
  stop(subcode: number): void {
    this.stopped = true;
    for (const a of [this.incoming, this.outgoing]) {
      if (!a) continue;
      a.stopWith(6, subcode);
      a.dispose();
    }
    this.incoming = undefined;
  }

  /**
   * The peer sent more prefixes than its limit: Cease/Maximum Number of Prefixes Reached with the
   * AFI, SAFI and limit as RFC 4486 §4 lays them out (2, 1 and 4 octets). The session goes down
   * (its routes with it) and is tried again after the ConnectRetry time.
   */
  closeForPrefixLimit(afi: AfiName, limit: number): void {
    const attempt = this.live;
    if (!attempt) return;
    const data = new Uint8Array(7);
    const view = new DataView(data.buffer);
    view.setUint16(0, AFI[afi]);
    view.setUint8(2, SAFI.unicast);
    view.setUint32(3, limit);
    this.log(`more than ${limit} ${afi} prefixes received: closing the session (maximum-prefix)`);
    attempt.closeWith({ code: ErrorCode.cease, subcode: CEASE_MAX_PREFIXES, data });
  }

  log(line: string): void {
    this.options.events.log(`peer ${this.peer.name} (${this.peer.address}): ${line}`);
  }

  connectFailed(_attempt: Attempt, reason: string): void {
    this.lastProblem = reason;
  }

  openReceived(attempt: Attempt, open: ReceivedOpen): void {
    const other = attempt === this.outgoing ? this.incoming : this.outgoing;
    const otherState = other?.fsm.state.name;
    if (other && other.connection && otherState !== undefined) {
      const decision = detectCollision(
        { state: otherState, direction: other.direction },
        {
          localBgpId: this.instance.routerId,
          remoteBgpId: open.bgpId,
          localAsn: this.instance.localASN,
          remoteAsn: open.asn,
        },
      );
      if (decision) {
        this.log(`connection collision: keeping the ${decision.survivor} connection (${decision.reason})`);
        if (decision.loser === attempt.direction) {
          attempt.handle({ type: "OpenCollisionDump" });
          return;
        }
        other.handle({ type: "OpenCollisionDump" });
      }
    }
    attempt.handle({ type: "BGPOpen", open });
  }

  established(attempt: Attempt, session: NegotiatedSession): void {
    if (this.restarting && this.config.gracefulRestart?.enabled)
      this.log("re-established after the speaker's restart (graceful restart, Restart State bit set)");
    this.restarting = false;
    this.live = attempt;
    this.negotiatedSession = session;
    if (attempt === this.incoming) {
      // The peer's connection won: our own attempts stop until this session ends.
      const s = this.outgoing.fsm.state.name;
      if (s === "OpenSent" || s === "OpenConfirm") this.outgoing.handle({ type: "OpenCollisionDump" });
      this.outgoing.handle({ type: "ManualStop" });
    }
    this.options.events.established(this, session);
  }

  update(attempt: Attempt, update: ReceivedUpdate): void {
    if (attempt === this.live) this.options.events.update(this, update);
  }

  routeRefresh(attempt: Attempt, afi: number, safi: number, subtype: number): void {
    if (attempt === this.live) this.options.events.routeRefresh(this, afi, safi, subtype);
  }

  down(attempt: Attempt, reason: string, wasEstablished: boolean, tcpFailure: boolean): void {
    if (wasEstablished || (attempt === this.live && !this.stopped)) this.log(`session down: ${reason}`);
    else this.log(`${attempt.direction} connection closed: ${reason}`);
    if (attempt === this.live) {
      this.lastProblem = `last session ended: ${reason}`;
      this.live = undefined;
      this.options.events.down(this, reason, tcpFailure);
      // The outgoing attempt was stopped for the peer's connection: take over again.
      if (attempt === this.incoming && !this.stopped) this.outgoing.fsm.start();
    }
  }

  private current(): Attempt {
    const a = this.outgoing;
    const b = this.incoming;
    if (!b) return a;
    return PROGRESS[b.fsm.state.name] > PROGRESS[a.fsm.state.name] ? b : a;
  }

  private newAttempt(direction: "outgoing" | "incoming"): Attempt {
    const { node, instance, peer, scheduler, random, place } = this.options;
    // The peer's connection never makes us connect (passive); only ours retries.
    const context = fsmContextFor(instance, peer, {
      passive: direction === "incoming",
      ...(random ? { random } : {}),
    });
    const restarting = (): boolean => this.restarting;
    return new Attempt({
      direction,
      peer,
      scheduler,
      owner: this,
      place: place ?? plainSockets,
      ttl: sessionTtl(instance.localASN, peer),
      // Read at each OPEN: the outgoing attempt lives as long as the session, the R bit does not.
      context: {
        ...context,
        get localCapabilities() {
          return sessionCapabilities(node, instance, peer, restarting());
        },
      },
      ...(direction === "outgoing" ? { idleHoldMs: peer.timers.connectRetryTimeSeconds * 1000 } : {}),
    });
  }
}
