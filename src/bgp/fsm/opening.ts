// OpenSent and OpenConfirm (RFC 4271 §8.2.2): exchanging OPENs and the first KEEPALIVE.
// DelayOpen and SendNOTIFICATIONwithoutOPEN are not implemented.

import { assertNever } from "../../errors.js";
import { ErrorCode } from "../model.js";
import type { Transition } from "./common.js";
import {
  collisionDump,
  peerNotified,
  FsmErrorSubcode,
  notify,
  startConnectRetry,
  stay,
  stopAfterOpen,
  toIdle,
} from "./common.js";
import type { FsmContext } from "./context.js";
import type { FsmEvent } from "./events.js";
import { checkOpen } from "./negotiation.js";
import { describeNotification } from "./notification-names.js";
import { restartHold, restartKeepalive } from "./session-timers.js";
import type { OpenConfirmState, OpenSentState } from "./states.js";

type Opening = OpenSentState | OpenConfirmState;

/** Events both states handle the same way; undefined for the ones that differ. */
function openingCommon(state: Opening, event: FsmEvent): Transition | undefined {
  switch (event.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
      return stay(state);
    // A second connection: tracked by the session layer for collision detection (§6.8).
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      return stay(state);
    case "ManualStop":
    case "AutomaticStop":
    case "HoldTimer_Expires":
      return stopAfterOpen(state, event);
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      return toIdle(state, {
        reason: `we sent NOTIFICATION ${describeNotification(event.error.code, event.error.subcode)}`,
        notification: event.error,
        counter: "increment",
      });
    case "OpenCollisionDump":
      // RFC 4486 §4: the connection that loses collision resolution is closed with Cease/7.
      return collisionDump(state);
    case "NotifMsgVerErr":
      return peerNotified(state, event.notification, "keep");
    // RFC 4271 lists a NOTIFICATION in OpenSent among the unexpected events answered with an
    // FSM error; the peer closes the connection after a NOTIFICATION (§4.5), so we just go.
    case "NotifMsg":
      return peerNotified(state, event.notification);
    case "ConnectRetryTimer_Expires":
    case "KeepaliveTimer_Expires":
    case "TcpConnectionFails":
    case "BGPOpen":
    case "KeepAliveMsg":
    case "UpdateMsg":
    case "UpdateMsgErr":
      return undefined;
    default:
      return assertNever(event, "FSM event");
  }
}

function unexpected(state: Opening, event: FsmEvent): Transition {
  return toIdle(state, {
    reason: `unexpected ${event.type} in ${state.name}`,
    notification: notify(ErrorCode.fsm, FsmErrorSubcode[state.name]),
    counter: "increment",
  });
}

export function fromOpenSent(state: OpenSentState, event: FsmEvent, ctx: FsmContext): Transition {
  const common = openingCommon(state, event);
  if (common) return common;
  if (event.type === "TcpConnectionFails") {
    // RFC 4271 §8.2.2 OpenSent, event 18: close, restart ConnectRetry, listen in Active.
    return {
      state: { name: "Active", connectRetryCounter: state.connectRetryCounter },
      actions: [
        { type: "drop-connection" },
        { type: "stop-timer", timer: "hold" },
        ...(ctx.passive ? [] : [startConnectRetry(ctx)]),
        {
          type: "session-down",
          reason: "TCP connection closed while waiting for OPEN",
          wasEstablished: false,
        },
      ],
    };
  }
  if (event.type !== "BGPOpen") return unexpected(state, event);
  const checked = checkOpen(event.open, ctx);
  if (!checked.ok) {
    return toIdle(state, {
      reason: `OPEN rejected: ${checked.reason}`,
      notification: checked.error,
      counter: "increment",
    });
  }
  const session = checked.session;
  return {
    state: { name: "OpenConfirm", connectRetryCounter: state.connectRetryCounter, session },
    actions: [
      { type: "stop-timer", timer: "connectRetry" },
      { type: "send-keepalive" },
      ...restartKeepalive(session),
      ...restartHold(session),
    ],
  };
}

export function fromOpenConfirm(state: OpenConfirmState, event: FsmEvent): Transition {
  const common = openingCommon(state, event);
  if (common) return common;
  if (event.type === "KeepaliveTimer_Expires") {
    return stay(state, [{ type: "send-keepalive" }, ...restartKeepalive(state.session)]);
  }
  if (event.type === "TcpConnectionFails") {
    return toIdle(state, { reason: "TCP connection closed", counter: "increment" });
  }
  if (event.type === "KeepAliveMsg") {
    return {
      state: { name: "Established", connectRetryCounter: state.connectRetryCounter, session: state.session },
      actions: [...restartHold(state.session), { type: "established", session: state.session }],
    };
  }
  // Includes a second OPEN on this connection: a collision with another connection is
  // resolved by the session layer, which then sends OpenCollisionDump to the loser.
  return unexpected(state, event);
}
