// Idle, Connect and Active (RFC 4271 §8.2.2): getting a transport connection to the peer.
// DelayOpen is not implemented, so every "if the DelayOpenTimer is running" branch is absent.

import { assertNever } from "../../errors.js";
import type { FsmAction } from "./actions.js";
import type { Transition } from "./common.js";
import { connectionUp, peerNotified, startConnectRetry, stay, toIdle } from "./common.js";
import type { FsmContext } from "./context.js";
import type { FsmEvent } from "./events.js";
import type { ActiveState, ConnectState, IdleState } from "./states.js";

function startActive(ctx: FsmContext): Transition {
  const actions: FsmAction[] = [{ type: "connect" }, startConnectRetry(ctx)];
  return { state: { name: "Connect", connectRetryCounter: 0 }, actions };
}

/**
 * Passive start: listen and wait in Active. The RFC also starts ConnectRetry here so that a
 * passive speaker eventually connects itself; a peer configured as passive never initiates
 * (like FRR's `neighbor passive`), so it gets no timer.
 */
function startPassive(ctx: FsmContext): Transition {
  const actions: FsmAction[] = ctx.passive ? [] : [startConnectRetry(ctx)];
  return { state: { name: "Active", connectRetryCounter: 0 }, actions };
}

export function fromIdle(state: IdleState, event: FsmEvent, ctx: FsmContext): Transition {
  switch (event.type) {
    case "ManualStart":
    case "AutomaticStart":
      return ctx.passive ? startPassive(ctx) : startActive(ctx);
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
      return startPassive(ctx);
    // RFC 4271 §8.2.2 Idle: stops are ignored, every other event leaves the state unchanged.
    case "ManualStop":
    case "AutomaticStop":
    case "ConnectRetryTimer_Expires":
    case "HoldTimer_Expires":
    case "KeepaliveTimer_Expires":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
    case "TcpConnectionFails":
    case "BGPOpen":
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
    case "OpenCollisionDump":
    case "NotifMsgVerErr":
    case "NotifMsg":
    case "KeepAliveMsg":
    case "UpdateMsg":
    case "UpdateMsgErr":
      return stay(state);
    default:
      return assertNever(event, "FSM event");
  }
}

/** Connect and Active share all but the timer and TCP-failure handling. */
function connectingCommon(
  state: ConnectState | ActiveState,
  event: Exclude<FsmEvent, { type: "ConnectRetryTimer_Expires" | "TcpConnectionFails" }>,
  ctx: FsmContext,
): Transition {
  switch (event.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
      return stay(state);
    case "ManualStop":
      return toIdle(state, { reason: "stopped by operator", counter: "reset" });
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      return connectionUp(state, ctx);
    case "NotifMsgVerErr":
    case "NotifMsg":
      return peerNotified(state, event.notification);
    // No BGP message can arrive before the transport is up: anything else is a failure.
    case "AutomaticStop":
    case "HoldTimer_Expires":
    case "KeepaliveTimer_Expires":
    case "BGPOpen":
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
    case "OpenCollisionDump":
    case "KeepAliveMsg":
    case "UpdateMsg":
    case "UpdateMsgErr":
      return toIdle(state, { reason: `unexpected ${event.type} in ${state.name}`, counter: "increment" });
    default:
      return assertNever(event, "FSM event");
  }
}

export function fromConnect(state: ConnectState, event: FsmEvent, ctx: FsmContext): Transition {
  if (event.type === "ConnectRetryTimer_Expires") {
    // Give up on the attempt in flight and try again (RFC 4271 §8.2.2 Connect, event 9).
    return stay(state, [{ type: "drop-connection" }, startConnectRetry(ctx), { type: "connect" }]);
  }
  if (event.type === "TcpConnectionFails") {
    return toIdle(state, { reason: "TCP connection failed", counter: "keep" });
  }
  return connectingCommon(state, event, ctx);
}

export function fromActive(state: ActiveState, event: FsmEvent, ctx: FsmContext): Transition {
  if (event.type === "ConnectRetryTimer_Expires") {
    if (ctx.passive) return stay(state);
    return {
      state: { name: "Connect", connectRetryCounter: state.connectRetryCounter },
      actions: [startConnectRetry(ctx), { type: "connect" }],
    };
  }
  if (event.type === "TcpConnectionFails") {
    return toIdle(state, { reason: "TCP connection failed", counter: "increment" });
  }
  return connectingCommon(state, event, ctx);
}
