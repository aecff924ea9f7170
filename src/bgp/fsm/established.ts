// Established (RFC 4271 §8.2.2): exchanging UPDATEs and KEEPALIVEs until something ends it.
// Every way out deletes the peer's routes: the `release-resources` action in toIdle.

import { assertNever } from "../../errors.js";
import { ErrorCode } from "../model.js";
import type { Transition } from "./common.js";
import {
  collisionDump,
  FsmErrorSubcode,
  notify,
  peerNotified,
  stay,
  stopAfterOpen,
  toIdle,
} from "./common.js";
import type { FsmEvent } from "./events.js";
import { describeNotification } from "./notification-names.js";
import { restartHold, restartKeepalive } from "./session-timers.js";
import type { EstablishedState } from "./states.js";

export function fromEstablished(state: EstablishedState, event: FsmEvent): Transition {
  const session = state.session;
  switch (event.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      return stay(state);
    case "ManualStop":
    case "AutomaticStop":
    case "HoldTimer_Expires":
      return stopAfterOpen(state, event);
    case "KeepaliveTimer_Expires":
      return stay(state, [{ type: "send-keepalive" }, ...restartKeepalive(session)]);
    case "KeepAliveMsg":
      return stay(state, restartHold(session));
    case "UpdateMsg":
      return stay(state, [{ type: "process-update" }, ...restartHold(session)]);
    case "OpenCollisionDump":
      return collisionDump(state);
    case "NotifMsgVerErr":
    case "NotifMsg":
      return peerNotified(state, event.notification);
    case "TcpConnectionFails":
      return toIdle(state, { reason: "TCP connection closed", counter: "increment" });
    // RFC 4271 answers a header error here with an FSM error; sending the header error the
    // decoder found tells the peer more, which is what FRR and GoBGP do too.
    case "BGPHeaderErr":
    case "UpdateMsgErr":
      return toIdle(state, {
        reason: `we sent NOTIFICATION ${describeNotification(event.error.code, event.error.subcode)}`,
        notification: event.error,
        counter: "increment",
      });
    case "ConnectRetryTimer_Expires":
    case "BGPOpen":
    case "BGPOpenMsgErr":
      return toIdle(state, {
        reason: `unexpected ${event.type} in Established`,
        notification: notify(ErrorCode.fsm, FsmErrorSubcode.Established),
        counter: "increment",
      });
    default:
      return assertNever(event, "FSM event");
  }
}
