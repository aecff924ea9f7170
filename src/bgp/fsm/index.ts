// Public API of the BGP finite state machine (RFC 4271 §8), sans-I/O.

export type { FsmAction, FsmActionType } from "./actions.js";
export { TimerName } from "./actions.js";
export { bgpIdToNumber, compareBgpIds } from "../bgp-id.js";
export type { CollisionDecision, CollisionInput, ConnectionDirection } from "./collision.js";
export { detectCollision, resolveCollision } from "./collision.js";
export { CeaseSubcode, FsmErrorSubcode, connectRetryMs, ourOpen } from "./common.js";
export type { FsmContext, FsmContextOptions } from "./context.js";
export { OPEN_HOLD_TIME_MS, fsmContextFor, localCapabilitiesFor } from "./context.js";
export type { FsmEvent, FsmEventType, OpenMessage, ReceivedOpen } from "./events.js";
export type { NegotiatedSession, OpenCheck } from "./negotiation.js";
export { BGP_VERSION, OpenErrorSubcode, checkOpen, negotiateTimers } from "./negotiation.js";
export { describeNotification } from "./notification-names.js";
export type { PeerFsmOptions, SessionAction } from "./peer-fsm.js";
export { PeerFsm } from "./peer-fsm.js";
export type { FsmState } from "./states.js";
export { INITIAL_STATE, StateName } from "./states.js";
export type { Clock, TimerHandle, TimerScheduler } from "./timers.js";
export { FakeClock, RealTimerScheduler } from "./timers.js";
export type { Transition } from "./transition.js";
export { transition } from "./transition.js";
