// The six session states of RFC 4271 §8.2.2 and what the state machine remembers in each.
// The state is plain data so that `transition` stays a pure function: everything it needs to
// decide the next step is either in the state or in the FsmContext.

import type { NegotiatedSession } from "./negotiation.js";

export const StateName = {
  Idle: "Idle",
  Connect: "Connect",
  Active: "Active",
  OpenSent: "OpenSent",
  OpenConfirm: "OpenConfirm",
  Established: "Established",
} as const;
export type StateName = (typeof StateName)[keyof typeof StateName];

/** RFC 4271 §8: ConnectRetryCounter, kept across states and reset by ManualStop. */
interface Common {
  readonly connectRetryCounter: number;
}

export interface IdleState extends Common {
  readonly name: "Idle";
}
export interface ConnectState extends Common {
  readonly name: "Connect";
}
export interface ActiveState extends Common {
  readonly name: "Active";
}
export interface OpenSentState extends Common {
  readonly name: "OpenSent";
}
/** From OpenConfirm on, the parameters agreed from the peer's OPEN drive the timers. */
export interface OpenConfirmState extends Common {
  readonly name: "OpenConfirm";
  readonly session: NegotiatedSession;
}
export interface EstablishedState extends Common {
  readonly name: "Established";
  readonly session: NegotiatedSession;
}

export type FsmState =
  IdleState | ConnectState | ActiveState | OpenSentState | OpenConfirmState | EstablishedState;

export const INITIAL_STATE: FsmState = { name: "Idle", connectRetryCounter: 0 };
