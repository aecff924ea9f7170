// What the state machine asks the session layer to do. Actions are data, applied in order:
// the session layer owns sockets, the PeerFsm owns timers.

import type { OpenMessage } from "./events.js";
import type { NegotiatedSession } from "./negotiation.js";

export const TimerName = { connectRetry: "connectRetry", hold: "hold", keepalive: "keepalive" } as const;
export type TimerName = (typeof TimerName)[keyof typeof TimerName];

export type FsmAction =
  /** Open a TCP connection to the peer (RFC 4271 §8.2.2 "initiates a TCP connection"). */
  | { readonly type: "connect" }
  /** The OPEN is built from the same context the peer's OPEN is negotiated against. */
  | { readonly type: "send-open"; readonly open: OpenMessage }
  | { readonly type: "send-keepalive" }
  | {
      readonly type: "send-notification";
      readonly code: number;
      readonly subcode: number;
      readonly data: Uint8Array;
    }
  | { readonly type: "drop-connection" }
  | { readonly type: "start-timer"; readonly timer: TimerName; readonly ms: number }
  | { readonly type: "stop-timer"; readonly timer: TimerName }
  | { readonly type: "established"; readonly session: NegotiatedSession }
  /** The connection attempt or session ended; `wasEstablished` says whether routes were lost. */
  | { readonly type: "session-down"; readonly reason: string; readonly wasEstablished: boolean }
  /** Hand the UPDATE just received to the RIB. */
  | { readonly type: "process-update" }
  /** RFC 4271 §8.2.2 "releases all BGP resources" (and, from Established, deletes its routes). */
  | { readonly type: "release-resources" };

export type FsmActionType = FsmAction["type"];
