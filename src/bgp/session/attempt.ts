// One connection's worth of a peering: a PeerFsm and the socket it drives. A PeerSession has
// one outgoing attempt for its whole life and, while the peer connects to us, an incoming one;
// RFC 4271 §6.8 collision detection decides which survives.

import type { Socket } from "node:net";
import { assertNever } from "../../errors.js";
import type { PeerConfig } from "../config/speaker-config.js";
import type {
  ConnectionDirection,
  FsmContext,
  FsmEvent,
  NegotiatedSession,
  ReceivedOpen,
  SessionAction,
  TimerScheduler,
} from "../fsm/index.js";
import { PeerFsm, describeNotification } from "../fsm/index.js";
import type { NotificationData } from "../model.js";
import { AS_TRANS, ErrorCode } from "../model.js";
import type { BgpDecodeError, BgpMessage, ReceivedMessage, ReceivedUpdate } from "../wire/index.js";
import { effectiveAsn, notificationMessage } from "../wire/index.js";
import { BgpConnection } from "./connection.js";
import type { SocketPlace } from "./tcp.js";
import { describeConnectError } from "./tcp.js";

/** What an attempt reports to its PeerSession. */
export interface AttemptOwner {
  log(line: string): void;
  /** The outgoing connection failed (refused, timed out …), in words: why it is not up. */
  connectFailed(attempt: Attempt, reason: string): void;
  /** A peer's OPEN arrived: the session resolves collisions before the FSM sees it. */
  openReceived(attempt: Attempt, open: ReceivedOpen): void;
  established(attempt: Attempt, session: NegotiatedSession): void;
  update(attempt: Attempt, update: ReceivedUpdate): void;
  routeRefresh(attempt: Attempt, afi: number, safi: number, subtype: number): void;
  down(attempt: Attempt, reason: string, wasEstablished: boolean, tcpFailure: boolean): void;
}

export interface AttemptOptions {
  readonly direction: ConnectionDirection;
  readonly peer: PeerConfig;
  readonly context: FsmContext;
  readonly scheduler: TimerScheduler;
  readonly owner: AttemptOwner;
  readonly idleHoldMs?: number;
  /** Where outgoing sockets are created, and with which TTL. */
  readonly place: SocketPlace;
  readonly ttl: number | undefined;
}

export class Attempt {
  readonly fsm: PeerFsm;
  connection: BgpConnection | undefined;
  establishedAt: number | undefined;
  private pending: Socket | undefined;
  private update: ReceivedUpdate | undefined;
  /** The event being handled, so session-down can tell a TCP failure (RFC 4724 §4.2). */
  private lastEvent: FsmEvent["type"] | undefined;
  private disposed = false;

  constructor(private readonly options: AttemptOptions) {
    this.fsm = new PeerFsm({
      context: options.context,
      scheduler: options.scheduler,
      onAction: (a) => this.apply(a),
      ...(options.idleHoldMs === undefined ? {} : { idleHoldMs: options.idleHoldMs }),
    });
  }

  get direction(): ConnectionDirection {
    return this.options.direction;
  }

  handle(event: FsmEvent): void {
    this.lastEvent = event.type;
    this.fsm.handle(event);
  }

  /** The peer connected to us: adopt the socket and send our OPEN. */
  adopt(socket: Socket): void {
    this.attach(new BgpConnection(socket, this.direction));
    this.fsm.start();
    this.handle({ type: "TcpConnectionConfirmed" });
  }

  /** Send a message on the live connection (UPDATEs count for the keepalive timer). */
  send(message: BgpMessage): void {
    if (!this.connection) return;
    this.connection.send(message);
    if (message.type === "update") this.fsm.updateSent();
  }

  /** Close with a NOTIFICATION of our choosing, then stop the FSM without sending another. */
  stopWith(code: number, subcode: number): void {
    const state = this.fsm.state.name;
    if (this.connection && (state === "OpenSent" || state === "OpenConfirm" || state === "Established")) {
      this.connection.send(notificationMessage({ code, subcode, data: new Uint8Array() }));
      this.options.owner.log(`sent NOTIFICATION ${describeNotification(code, subcode)}`);
      this.connection.close();
      this.connection = undefined;
    }
    this.handle({ type: "ManualStop" });
  }

  /**
   * Close the session with a NOTIFICATION of our own choosing (a prefix limit, RFC 4486 §4) and
   * go to Idle as an automatic stop would: unlike an operator's stop, the attempt starts again
   * after its IdleHold time, as after any other failure.
   */
  closeWith(notification: NotificationData): void {
    if (this.connection) {
      this.connection.send(notificationMessage(notification));
      this.options.owner.log(
        `sent NOTIFICATION ${describeNotification(notification.code, notification.subcode)}`,
      );
      this.connection.close();
      this.connection = undefined;
    }
    this.handle({ type: "AutomaticStop" });
  }

  dispose(): void {
    this.disposed = true;
    this.fsm.dispose();
    this.connection?.close();
    this.connection = undefined;
    this.pending?.destroy();
    this.pending = undefined;
  }

  private attach(conn: BgpConnection): void {
    this.connection = conn;
    conn.attach({
      onMessage: (m) => {
        if (this.connection === conn) this.receive(m);
      },
      onDecodeError: (e) => {
        if (this.connection === conn) this.decodeError(e);
      },
      onClose: () => {
        if (this.connection === conn) this.handle({ type: "TcpConnectionFails" });
      },
    });
  }

  private connect(): void {
    this.pending?.destroy();
    let socket: Socket;
    try {
      socket = this.options.place.connect(this.options.peer, this.options.ttl);
    } catch (err) {
      // No socket at all (its namespace is gone, say): a connection failure like any other,
      // retried after ConnectRetry, rather than an exception out of the FSM.
      const reason = describeConnectError(this.options.peer, err as Error);
      this.options.owner.log(reason);
      this.options.owner.connectFailed(this, reason);
      queueMicrotask(() => {
        if (!this.disposed) this.handle({ type: "TcpConnectionFails" });
      });
      return;
    }
    this.pending = socket;
    const failed = (err: Error): void => {
      if (this.pending !== socket) return;
      this.pending = undefined;
      const reason = describeConnectError(this.options.peer, err);
      this.options.owner.log(reason);
      this.options.owner.connectFailed(this, reason);
      this.handle({ type: "TcpConnectionFails" });
    };
    socket.once("error", failed);
    socket.once("connect", () => {
      socket.off("error", failed);
      if (this.pending !== socket) return;
      this.pending = undefined;
      this.attach(new BgpConnection(socket, "outgoing"));
      this.handle({ type: "Tcp_CR_Acked" });
    });
  }

  private apply(action: SessionAction): void {
    switch (action.type) {
      case "connect":
        this.connect();
        return;
      case "send-open": {
        const { open } = action;
        // RFC 6793 §4.1: a 4-octet ASN travels in the capability, AS_TRANS in My AS.
        const myAs = open.asn > 0xffff ? AS_TRANS : open.asn;
        this.connection?.send({
          type: "open",
          version: open.version,
          myAs,
          holdTime: open.holdTime,
          bgpId: open.bgpId,
          capabilities: open.capabilities,
        });
        return;
      }
      case "send-keepalive":
        this.connection?.send({ type: "keepalive" });
        return;
      case "send-notification":
        if (!this.connection) return;
        this.connection.send(notificationMessage(action));
        this.options.owner.log(`sent NOTIFICATION ${describeNotification(action.code, action.subcode)}`);
        return;
      case "drop-connection":
        this.connection?.close();
        this.connection = undefined;
        this.pending?.destroy();
        this.pending = undefined;
        return;
      case "established":
        this.establishedAt = this.options.scheduler.now();
        this.connection?.setCodec({
          fourOctetAs: action.session.fourOctetAs,
          families: action.session.families,
        });
        this.options.owner.established(this, action.session);
        return;
      case "session-down":
        this.establishedAt = undefined;
        this.options.owner.down(
          this,
          action.reason,
          action.wasEstablished,
          this.lastEvent === "TcpConnectionFails",
        );
        return;
      case "process-update":
        if (this.update) this.options.owner.update(this, this.update);
        return;
      case "release-resources":
        // Routes are the session's business: it removes them on session-down.
        return;
      default:
        assertNever(action, "session action");
    }
  }

  private receive(m: ReceivedMessage): void {
    switch (m.type) {
      case "open":
        this.options.owner.openReceived(this, {
          version: m.version,
          asn: effectiveAsn(m.myAs, m.capabilities),
          holdTime: m.holdTime,
          bgpId: m.bgpId,
          capabilities: m.capabilities,
        });
        return;
      case "update":
        this.update = m;
        this.handle({ type: "UpdateMsg" });
        this.update = undefined;
        return;
      case "notification": {
        this.options.owner.log(`received NOTIFICATION ${describeNotification(m.code, m.subcode)}`);
        const notification = { code: m.code, subcode: m.subcode, data: m.data };
        // RFC 4271 §8.1.2 event 24: an OPEN error "unsupported version number" is its own event.
        const versionError = m.code === ErrorCode.openMessage && m.subcode === 1;
        this.handle(
          versionError ? { type: "NotifMsgVerErr", notification } : { type: "NotifMsg", notification },
        );
        return;
      }
      case "keepalive":
        this.handle({ type: "KeepAliveMsg" });
        return;
      case "route-refresh":
        if (this.fsm.state.name === "Established")
          this.options.owner.routeRefresh(this, m.afi, m.safi, m.subtype);
        return;
      default:
        assertNever(m, "message");
    }
  }

  private decodeError(e: BgpDecodeError): void {
    this.options.owner.log(`malformed message from peer: ${e.reason}`);
    const error = e.notification;
    if (error.code === ErrorCode.openMessage) this.handle({ type: "BGPOpenMsgErr", error });
    else if (error.code === ErrorCode.updateMessage) this.handle({ type: "UpdateMsgErr", error });
    else this.handle({ type: "BGPHeaderErr", error });
  }
}
