// The pure transition function bound to one peer: it keeps the current state, runs the three
// RFC 4271 timers on an injected TimerScheduler (an expiry is fed back in as its event), and
// hands every other action to the session layer. Still no sockets: I/O stays in session/.

import { assertNever } from "../../errors.js";
import type { FsmAction, TimerName } from "./actions.js";
import type { FsmContext } from "./context.js";
import type { FsmEvent } from "./events.js";
import type { FsmState } from "./states.js";
import { INITIAL_STATE } from "./states.js";
import type { TimerHandle, TimerScheduler } from "./timers.js";
import { transition } from "./transition.js";

/** The actions the session layer carries out; timer actions never leave the PeerFsm. */
export type SessionAction = Exclude<FsmAction, { type: "start-timer" | "stop-timer" }>;

export interface PeerFsmOptions {
  readonly context: FsmContext;
  readonly scheduler: TimerScheduler;
  readonly onAction: (action: SessionAction) => void;
  readonly onStateChange?: (from: FsmState, to: FsmState, event: FsmEvent) => void;
  /**
   * After falling back to Idle for any reason except ManualStop, start again after this many
   * milliseconds (RFC 4271 §8.1.1 calls this delay the IdleHoldTimer). Leave it out to stay in
   * Idle until told otherwise.
   */
  readonly idleHoldMs?: number;
}

const EXPIRY_EVENT = {
  connectRetry: "ConnectRetryTimer_Expires",
  hold: "HoldTimer_Expires",
  keepalive: "KeepaliveTimer_Expires",
} as const satisfies Record<TimerName, FsmEvent["type"]>;

const OPERATOR_EVENTS: ReadonlySet<FsmEvent["type"]> = new Set([
  "ManualStart",
  "ManualStop",
  "ManualStart_with_PassiveTcpEstablishment",
]);

export class PeerFsm {
  private current: FsmState = INITIAL_STATE;
  private readonly timers = new Map<TimerName, { handle: TimerHandle; deadline: number }>();
  private idleHold: TimerHandle | undefined;
  private readonly queue: FsmEvent[] = [];
  private running = false;

  constructor(private readonly options: PeerFsmOptions) {}

  get state(): FsmState {
    return this.current;
  }

  /** When the timer fires (scheduler time), or undefined when it is not running. */
  timerDeadline(timer: TimerName): number | undefined {
    return this.timers.get(timer)?.deadline;
  }

  start(): void {
    this.handle({
      type: this.options.context.passive ? "ManualStart_with_PassiveTcpEstablishment" : "ManualStart",
    });
  }

  stop(): void {
    this.handle({ type: "ManualStop" });
  }

  /**
   * Feed one event. Events raised from inside an action callback (a socket that fails at
   * once, say) are queued and handled after the current one, so actions never interleave.
   */
  handle(event: FsmEvent): void {
    this.queue.push(event);
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) this.step(next);
    } finally {
      this.running = false;
    }
  }

  /**
   * The session layer sent an UPDATE: RFC 4271 §8.2.2 (Established) restarts the
   * KeepaliveTimer on every KEEPALIVE or UPDATE sent, so a busy session sends no KEEPALIVEs.
   */
  updateSent(): void {
    if (this.current.name !== "Established" || this.current.session.keepaliveSeconds === 0) return;
    this.startTimer("keepalive", this.current.session.keepaliveSeconds * 1000);
  }

  /** Cancel every timer; the object is not to be used afterwards. */
  dispose(): void {
    for (const timer of this.timers.values()) timer.handle.cancel();
    this.timers.clear();
    this.idleHold?.cancel();
    this.idleHold = undefined;
    this.queue.length = 0;
  }

  private step(event: FsmEvent): void {
    const from = this.current;
    // An operator's start or stop overrides a pending automatic restart.
    if (OPERATOR_EVENTS.has(event.type)) this.cancelIdleHold();
    const { state, actions } = transition(from, event, this.options.context);
    this.current = state;
    if (from.name !== state.name) this.options.onStateChange?.(from, state, event);
    for (const action of actions) this.apply(action);
    if (state.name === "Idle" && from.name !== "Idle" && event.type !== "ManualStop") this.scheduleRestart();
  }

  private apply(action: FsmAction): void {
    switch (action.type) {
      case "start-timer":
        this.startTimer(action.timer, action.ms);
        return;
      case "stop-timer":
        this.stopTimer(action.timer);
        return;
      case "connect":
      case "send-open":
      case "send-keepalive":
      case "send-notification":
      case "drop-connection":
      case "established":
      case "session-down":
      case "process-update":
      case "release-resources":
        this.options.onAction(action);
        return;
      default:
        assertNever(action, "FSM action");
    }
  }

  private startTimer(timer: TimerName, ms: number): void {
    this.stopTimer(timer);
    const { scheduler } = this.options;
    const handle = scheduler.schedule(ms, () => {
      this.timers.delete(timer);
      this.handle({ type: EXPIRY_EVENT[timer] });
    });
    this.timers.set(timer, { handle, deadline: scheduler.now() + ms });
  }

  private stopTimer(timer: TimerName): void {
    this.timers.get(timer)?.handle.cancel();
    this.timers.delete(timer);
  }

  private scheduleRestart(): void {
    const delay = this.options.idleHoldMs;
    if (delay === undefined) return;
    this.cancelIdleHold();
    this.idleHold = this.options.scheduler.schedule(delay, () => {
      this.idleHold = undefined;
      this.handle({
        type: this.options.context.passive ? "AutomaticStart_with_PassiveTcpEstablishment" : "AutomaticStart",
      });
    });
  }

  private cancelIdleHold(): void {
    this.idleHold?.cancel();
    this.idleHold = undefined;
  }
}
