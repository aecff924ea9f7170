// The pure state machine of RFC 4271 §8: (state, event, context) → (next state, actions).
// No I/O, no clock: timers and sockets are actions for the caller to carry out.

import { assertNever } from "../../errors.js";
import type { Transition } from "./common.js";
import { fromActive, fromConnect, fromIdle } from "./connecting.js";
import type { FsmContext } from "./context.js";
import { fromEstablished } from "./established.js";
import type { FsmEvent } from "./events.js";
import { fromOpenConfirm, fromOpenSent } from "./opening.js";
import type { FsmState } from "./states.js";

export type { Transition } from "./common.js";

export function transition(state: FsmState, event: FsmEvent, ctx: FsmContext): Transition {
  switch (state.name) {
    case "Idle":
      return fromIdle(state, event, ctx);
    case "Connect":
      return fromConnect(state, event, ctx);
    case "Active":
      return fromActive(state, event, ctx);
    case "OpenSent":
      return fromOpenSent(state, event, ctx);
    case "OpenConfirm":
      return fromOpenConfirm(state, event);
    case "Established":
      return fromEstablished(state, event);
    default:
      return assertNever(state, "FSM state");
  }
}
