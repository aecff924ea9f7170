// Building blocks shared by the per-state handlers: the result type, the jittered
// ConnectRetry timer, and the one way every state falls back to Idle.

import type { NotificationData } from "../model.js";
import { ErrorCode } from "../model.js";
import type { FsmAction } from "./actions.js";
import type { FsmContext } from "./context.js";
import { OPEN_HOLD_TIME_MS } from "./context.js";
import type { OpenMessage } from "./events.js";
import { BGP_VERSION } from "./negotiation.js";
import type { FsmState } from "./states.js";
import { describeNotification } from "./notification-names.js";

export interface Transition {
  readonly state: FsmState;
  readonly actions: FsmAction[];
}

/** RFC 4486 §4 Cease subcodes we send. */
export const CeaseSubcode = {
  administrativeShutdown: 2,
  otherConfigurationChange: 6,
  connectionCollisionResolution: 7,
} as const;

/** RFC 6608 §4: FSM error subcodes name the state that received the unexpected message. */
export const FsmErrorSubcode = { OpenSent: 1, OpenConfirm: 2, Established: 3 } as const;

/**
 * RFC 4271 §10: the ConnectRetry timer is jittered by multiplying its base value by a random
 * factor uniformly distributed between 0.75 and 1.0.
 */
export function connectRetryMs(ctx: FsmContext): number {
  const base = ctx.connectRetryTimeSeconds * 1000;
  return Math.round(base * (1 - 0.25 * ctx.random()));
}

export function startConnectRetry(ctx: FsmContext): FsmAction {
  return { type: "start-timer", timer: "connectRetry", ms: connectRetryMs(ctx) };
}

export function notify(code: number, subcode: number, data: Uint8Array = new Uint8Array()): NotificationData {
  return { code, subcode, data };
}

export const HOLD_TIMER_EXPIRED = notify(ErrorCode.holdTimerExpired, 0);

export function stay(state: FsmState, actions: FsmAction[] = []): Transition {
  return { state, actions };
}

/** The transport is up: send our OPEN and wait for theirs under the long hold timer (§8.2.2). */
export function connectionUp(state: FsmState, ctx: FsmContext): Transition {
  return {
    state: { name: "OpenSent", connectRetryCounter: state.connectRetryCounter },
    actions: [
      { type: "stop-timer", timer: "connectRetry" },
      { type: "send-open", open: ourOpen(ctx) },
      { type: "start-timer", timer: "hold", ms: OPEN_HOLD_TIME_MS },
    ],
  };
}

/** RFC 4271 §4.2: what our OPEN carries. */
export function ourOpen(ctx: FsmContext): OpenMessage {
  return {
    version: BGP_VERSION,
    asn: ctx.localAsn,
    holdTime: ctx.holdTimeSeconds,
    bgpId: ctx.localBgpId,
    capabilities: ctx.localCapabilities,
  };
}

export interface IdleOptions {
  readonly reason: string;
  /** Sent before the connection is dropped. */
  readonly notification?: NotificationData;
  /** RFC 4271 §8.2.2: ManualStop resets the counter, most failures increment it. */
  readonly counter: "reset" | "increment" | "keep";
}

/**
 * Every way back to Idle (RFC 4271 §8.2.2): optionally send a NOTIFICATION, stop the timers,
 * release resources (deleting the peer's routes when it was Established), drop the connection.
 * All three timers are stopped even where the RFC restarts ConnectRetry on the way to Idle:
 * Idle ignores that timer anyway, and the PeerFsm's automatic restart is what retries.
 */
export function toIdle(state: FsmState, options: IdleOptions): Transition {
  const counter =
    options.counter === "reset"
      ? 0
      : options.counter === "increment"
        ? state.connectRetryCounter + 1
        : state.connectRetryCounter;
  const actions: FsmAction[] = [];
  if (options.notification) {
    const { code, subcode, data } = options.notification;
    actions.push({ type: "send-notification", code, subcode, data });
  }
  actions.push(
    { type: "stop-timer", timer: "connectRetry" },
    { type: "stop-timer", timer: "hold" },
    { type: "stop-timer", timer: "keepalive" },
    { type: "release-resources" },
    { type: "drop-connection" },
    { type: "session-down", reason: options.reason, wasEstablished: state.name === "Established" },
  );
  return { state: { name: "Idle", connectRetryCounter: counter }, actions };
}

/**
 * ManualStop, AutomaticStop and HoldTimer_Expires once an OPEN has been sent (OpenSent,
 * OpenConfirm, Established) end the same way in each state (RFC 4271 §8.2.2): a NOTIFICATION —
 * Cease/Administrative Shutdown for an operator's stop (RFC 4486 §4), Cease/Other Configuration
 * Change for an automatic one, Hold Timer Expired — and back to Idle.
 */
export function stopAfterOpen(
  state: FsmState,
  event: { readonly type: "ManualStop" | "AutomaticStop" | "HoldTimer_Expires" },
): Transition {
  switch (event.type) {
    case "ManualStop":
      return toIdle(state, {
        reason: "stopped by operator",
        notification: notify(ErrorCode.cease, CeaseSubcode.administrativeShutdown),
        counter: "reset",
      });
    case "AutomaticStop":
      return toIdle(state, {
        reason: "stopped automatically",
        notification: notify(ErrorCode.cease, CeaseSubcode.otherConfigurationChange),
        counter: "increment",
      });
    case "HoldTimer_Expires":
      return toIdle(state, {
        reason: "hold timer expired",
        notification: HOLD_TIMER_EXPIRED,
        counter: "increment",
      });
  }
}

/** RFC 4486 §4: the connection that loses collision resolution is closed with Cease/7. */
export function collisionDump(state: FsmState): Transition {
  return toIdle(state, {
    reason: "connection closed by collision resolution",
    notification: notify(ErrorCode.cease, CeaseSubcode.connectionCollisionResolution),
    counter: "increment",
  });
}

/** The peer sent a NOTIFICATION: back to Idle, saying what it meant. */
export function peerNotified(
  state: FsmState,
  notification: NotificationData,
  counter: IdleOptions["counter"] = "increment",
): Transition {
  return toIdle(state, {
    reason: `peer sent NOTIFICATION ${describeNotification(notification.code, notification.subcode)}`,
    counter,
  });
}
