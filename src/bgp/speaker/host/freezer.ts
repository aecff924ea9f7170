// Freezing one hosted instance the way SIGSTOP freezes a process, inside a speaker host that
// runs on for every other node. `fabric node stop` of a Kubernetes node emulates a hung node:
// its peers must lose the session when *their* hold timers expire, with no Cease from it, and on
// `node start` the instance carries on from where it was (its own hold timer then fires late, or
// it reads the peer's NOTIFICATION), exactly as a resumed process would.
//
// An instance's code only ever runs from a timer or a socket event, so the freezer gates both:
//   - timers: the instance's TimerScheduler; a timer that falls due while frozen waits;
//   - sockets: every socket and listening server the instance makes (its SpeakerSockets) has its
//     events held in arrival order, and reading is paused, so unread bytes stay in the kernel
//     (TCP flow control holds the peer back) rather than pile up here.
// On thaw, the held timers and events run in the order they arrived. What was already read and
// being handled when the freeze came (a slice of a large UPDATE burst) finishes first; the
// kernel, not the process, answers TCP, as for a frozen process.
import type net from "node:net";
import type { EventEmitter } from "node:events";
import type { TimerHandle, TimerScheduler } from "../../fsm/index.js";
import type { SpeakerSockets } from "../socket-place.js";

interface Held {
  readonly run: () => void;
  cancelled: boolean;
}

export class Freezer {
  private frozen = false;
  private held: Held[] = [];
  private readonly sockets = new Set<net.Socket>();

  get isFrozen(): boolean {
    return this.frozen;
  }

  freeze(): void {
    this.frozen = true;
    for (const s of this.sockets) s.pause();
  }

  /** Runs what was held, in order; resumes reading. */
  thaw(): void {
    this.frozen = false;
    const held = this.held;
    this.held = [];
    for (const h of held) if (!h.cancelled) h.run();
    for (const s of this.sockets) if (!s.destroyed) s.resume();
  }

  /** How many timers and socket events wait for the thaw (for tests and status). */
  get heldCount(): number {
    return this.held.filter((h) => !h.cancelled).length;
  }

  scheduler(base: TimerScheduler): TimerScheduler {
    return {
      now: () => base.now(),
      schedule: (ms: number, fn: () => void): TimerHandle => {
        let entry: Held | undefined;
        const inner = base.schedule(ms, () => {
          if (!this.frozen) return fn();
          entry = { run: fn, cancelled: false };
          this.held.push(entry);
        });
        return {
          cancel: () => {
            inner.cancel();
            if (entry) entry.cancelled = true;
          },
        };
      },
    };
  }

  /** `base`, with every socket and server it makes gated by this freezer. */
  wrap(base: SpeakerSockets): SpeakerSockets {
    return {
      setsTtl: base.setsTtl,
      addresses: base.addresses,
      setTtl: (socket, ttl) => base.setTtl(socket, ttl),
      setListenerKey: (server, peer, key) => base.setListenerKey(server, peer, key),
      md5Counters: () => base.md5Counters(),
      connect: (peer, ttl) => this.gateSocket(base.connect(peer, ttl)),
      listen: (server, port) => {
        this.gate(server, (event, args) => {
          // An accepted socket is the instance's from its first event on.
          if (event === "connection") this.gateSocket(args[0] as net.Socket);
        });
        base.listen(server, port);
      },
    };
  }

  private gateSocket(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    if (this.frozen) socket.pause();
    this.gate(socket, (event) => {
      if (event === "close") this.sockets.delete(socket);
    });
    return socket;
  }

  /**
   * Holds the emitter's events while frozen. Node emits every socket and server event through
   * `emit`, so wrapping it on the instance is the one place that sees them all; `seen` runs at
   * arrival, frozen or not (bookkeeping only, never the instance's code).
   */
  private gate(emitter: EventEmitter, seen: (event: string | symbol, args: unknown[]) => void): void {
    const emit = emitter.emit.bind(emitter);
    emitter.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      seen(event, args);
      if (!this.frozen) return emit(event, ...args);
      // A frozen process reads nothing more: keep the rest in the kernel.
      if (event === "data") (emitter as net.Socket).pause();
      this.held.push({ run: () => emit(event, ...args), cancelled: false });
      return emitter.listenerCount(event) > 0;
    };
  }
}
