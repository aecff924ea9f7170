// One TCP connection carrying BGP: bytes in → Framer → decoded messages out, messages in →
// encoded bytes on the socket. It knows nothing of the state machine; the PeerSession wires
// its events to FSM events. Decode errors arrive as BgpDecodeError, which carries the
// NOTIFICATION to send (RFC 4271 §6) and the RFC 7606 handling.

import type { Socket } from "node:net";
import { formatIp, parseIp, unmapIpv4 } from "../../net/index.js";
import type { ConnectionDirection } from "../fsm/index.js";
import type { BgpMessage, CodecContext, ReceivedMessage } from "../wire/index.js";
import { BgpDecodeError, Framer, INITIAL_CONTEXT, decodeMessage, encodeMessage } from "../wire/index.js";

export interface ConnectionHandlers {
  readonly onMessage: (message: ReceivedMessage) => void;
  readonly onDecodeError: (error: BgpDecodeError) => void;
  /** The socket closed or failed; called once. */
  readonly onClose: (error?: Error) => void;
}

/**
 * A socket's address as the config writes it: canonical text, and IPv4 for an IPv4 peer that a
 * dual-stack socket reports as `::ffff:a.b.c.d`.
 */
export function plainAddress(address: string | undefined): string {
  if (!address) return "";
  const parsed = parseIp(address);
  return parsed === undefined ? address : formatIp(unmapIpv4(parsed));
}

export class BgpConnection {
  private readonly framer = new Framer();
  private codec: CodecContext = INITIAL_CONTEXT;
  private closed = false;
  private handlers: ConnectionHandlers | undefined;

  constructor(
    readonly socket: Socket,
    readonly direction: ConnectionDirection,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (err) => this.finish(err));
    socket.on("close", () => this.finish());
  }

  get localAddress(): string {
    return plainAddress(this.socket.localAddress);
  }

  get remoteAddress(): string {
    return plainAddress(this.socket.remoteAddress);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Where events go; attach before returning to the event loop so no data is missed. */
  attach(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
  }

  /** After the OPENs: 4-octet AS and the negotiated families change how UPDATEs are read. */
  setCodec(codec: CodecContext): void {
    this.codec = codec;
    if (codec.maxMessageLength !== undefined) this.framer.setMaxLength(codec.maxMessageLength);
  }

  send(message: BgpMessage): void {
    if (this.closed) return;
    this.socket.write(encodeMessage(message, this.codec));
  }

  /** Flush what was written (a NOTIFICATION, say), then close. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // We chose to close: nobody needs to hear about it.
    this.handlers = undefined;
    this.socket.end();
    // A peer that never reads must not keep the socket open forever.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Uint8Array[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      this.decodeFailed(err);
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      let message: ReceivedMessage;
      try {
        message = decodeMessage(frame, this.codec);
      } catch (err) {
        this.decodeFailed(err);
        return;
      }
      this.handlers?.onMessage(message);
    }
  }

  private decodeFailed(err: unknown): void {
    if (err instanceof BgpDecodeError) this.handlers?.onDecodeError(err);
    else throw err;
  }

  private finish(error?: Error): void {
    this.closed = true;
    const h = this.handlers;
    this.handlers = undefined;
    h?.onClose(error);
  }
}
