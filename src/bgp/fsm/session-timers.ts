// Hold and keepalive timers once the peer's OPEN is accepted (RFC 4271 §4.4, §8.2.2): a
// negotiated hold time of 0 means neither timer runs.

import type { FsmAction } from "./actions.js";
import type { NegotiatedSession } from "./negotiation.js";

export function restartHold(session: NegotiatedSession): FsmAction[] {
  return session.holdTimeSeconds === 0
    ? [{ type: "stop-timer", timer: "hold" }]
    : [{ type: "start-timer", timer: "hold", ms: session.holdTimeSeconds * 1000 }];
}

export function restartKeepalive(session: NegotiatedSession): FsmAction[] {
  return session.keepaliveSeconds === 0
    ? [{ type: "stop-timer", timer: "keepalive" }]
    : [{ type: "start-timer", timer: "keepalive", ms: session.keepaliveSeconds * 1000 }];
}
