// One TCP connection carrying BGP: bytes in → Framer → decoded messages out, messages in →
// encoded bytes on the socket. It knows nothing of the state machine; the PeerSession wires
// its events to FSM events. Decode errors arrive as BgpDecodeError, which carries the
// NOTIFICATION to send (RFC 4271 §6) and the RFC 7606 handling.
//
// Received bytes are handled in slices of at most SLICE_MS: one socket read can bring megabytes
// (libuv reads up to 32 chunks of 64 KiB in one callback), thousands of prefixes to decode and
// put in the RIB. Past the budget the socket is paused (TCP flow control holds the peer back)
// and the rest waits for setImmediate, so timers (keepalives, hold timers of every other
// session) and the control socket get their turn between slices.
//
// One slice per connection is not enough where one process holds a thousand sessions (the
// speaker host): fifty sessions with data in the same turn of the event loop ran fifty 10 ms
// slices back to back, and timers waited half a second. So the connections of a process also
// share a budget per turn (TURN_MS): once it is spent, every connection defers to the next turn.

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

/** The longest one slice of received messages may run before yielding to the event loop. */
export const SLICE_MS = 10;

/** What all connections of this process may spend on received messages in one turn of the loop. */
export const TURN_MS = 20;

let turnDeadline = 0;
let turnOpen = false;

/**
 * The end of this turn's shared budget. A turn ends at the check phase (setImmediate), where the
 * deferred slices resume: they, and the I/O of the next poll, get a budget of their own.
 */
function turnEnds(now: number): number {
  if (!turnOpen) {
    turnOpen = true;
    turnDeadline = now + TURN_MS;
    setImmediate(() => (turnOpen = false));
  }
  return turnDeadline;
}

export class BgpConnection {
  private readonly framer = new Framer();
  private codec: CodecContext = INITIAL_CONTEXT;
  private closed = false;
  private handlers: ConnectionHandlers | undefined;
  /** Chunks received and not yet framed, then frames not yet decoded: both in arrival order. */
  private readonly chunks: Buffer[] = [];
  private frames: Uint8Array[] = [];
  private nextFrame = 0;
  private resumeScheduled = false;

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
    this.chunks.length = 0;
    this.frames = [];
    // We chose to close: nobody needs to hear about it.
    this.handlers = undefined;
    this.socket.end();
    // A peer that never reads must not keep the socket open forever.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    // A slice is already waiting for its turn: it takes this chunk too, in order.
    if (!this.resumeScheduled) this.drain();
  }

  /** Handle what was received until done or out of time; then pause and continue later. */
  private drain(): void {
    const now = performance.now();
    // At least one message per slice (the check is after it), so a spent turn delays, never stalls.
    const deadline = Math.min(now + SLICE_MS, turnEnds(now));
    while (!this.closed) {
      if (this.nextFrame < this.frames.length) {
        const frame = this.frames[this.nextFrame++] as Uint8Array;
        // Decoded only now: the messages before it may have changed the codec (the OPENs).
        let message: ReceivedMessage;
        try {
          message = decodeMessage(frame, this.codec);
        } catch (err) {
          this.decodeFailed(err);
          return;
        }
        this.handlers?.onMessage(message);
      } else {
        const chunk = this.chunks.shift();
        if (!chunk) break;
        try {
          this.frames = this.framer.push(chunk);
        } catch (err) {
          this.frames = [];
          this.decodeFailed(err);
          return;
        } finally {
          this.nextFrame = 0;
        }
      }
      if (performance.now() >= deadline && this.pending()) {
        this.socket.pause();
        this.resumeScheduled = true;
        setImmediate(() => {
          this.resumeScheduled = false;
          this.drain();
        });
        return;
      }
    }
    this.frames = [];
    this.nextFrame = 0;
    if (!this.closed && this.socket.isPaused()) this.socket.resume();
  }

  private pending(): boolean {
    return this.nextFrame < this.frames.length || this.chunks.length > 0;
  }

  private decodeFailed(err: unknown): void {
    if (err instanceof BgpDecodeError) this.handlers?.onDecodeError(err);
    else throw err;
  }

  private finish(error?: Error): void {
    this.closed = true;
    this.chunks.length = 0;
    this.frames = [];
    const h = this.handlers;
    this.handlers = undefined;
    h?.onClose(error);
  }
}
