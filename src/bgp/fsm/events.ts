// Events as RFC 4271 §8.1 names them. Only the mandatory events plus the optional ones a
// speaker without DelayOpen, IdleHoldTimer or peer-oscillation damping can receive are modelled:
// events 1-2 (manual start/stop), 3 and 5 (automatic start, active and passive), 4 (manual
// passive start), 9-11 (timers), 16-18 (TCP), 19-28 (messages).

import type { Capability, NotificationData } from "../model.js";

/** The parts of an OPEN (RFC 4271 §4.2) the state machine checks, sends and negotiates. */
export interface OpenMessage {
  readonly version: number;
  /** The full 4-octet ASN; the codec writes AS_TRANS in the 2-octet field (RFC 6793 §4.1). */
  readonly asn: number;
  readonly holdTime: number;
  /** Dotted quad. */
  readonly bgpId: string;
  readonly capabilities: readonly Capability[];
}

/** A received OPEN, with the ASN already resolved from the 4-octet AS capability. */
export type ReceivedOpen = OpenMessage;

export type FsmEvent =
  | { readonly type: "ManualStart" } // Event 1
  | { readonly type: "ManualStop" } // Event 2
  | { readonly type: "AutomaticStart" } // Event 3
  | { readonly type: "ManualStart_with_PassiveTcpEstablishment" } // Event 4
  | { readonly type: "AutomaticStart_with_PassiveTcpEstablishment" } // Event 5
  | { readonly type: "AutomaticStop" } // Event 8
  | { readonly type: "ConnectRetryTimer_Expires" } // Event 9
  | { readonly type: "HoldTimer_Expires" } // Event 10
  | { readonly type: "KeepaliveTimer_Expires" } // Event 11
  | { readonly type: "Tcp_CR_Acked" } // Event 16: our outgoing connection completed
  | { readonly type: "TcpConnectionConfirmed" } // Event 17: we accepted the peer's connection
  | { readonly type: "TcpConnectionFails" } // Event 18
  | { readonly type: "BGPOpen"; readonly open: ReceivedOpen } // Event 19
  | { readonly type: "BGPHeaderErr"; readonly error: NotificationData } // Event 21
  | { readonly type: "BGPOpenMsgErr"; readonly error: NotificationData } // Event 22
  | { readonly type: "OpenCollisionDump" } // Event 23
  | { readonly type: "NotifMsgVerErr"; readonly notification: NotificationData } // Event 24
  | { readonly type: "NotifMsg"; readonly notification: NotificationData } // Event 25
  | { readonly type: "KeepAliveMsg" } // Event 26
  | { readonly type: "UpdateMsg" } // Event 27
  | { readonly type: "UpdateMsgErr"; readonly error: NotificationData }; // Event 28

export type FsmEventType = FsmEvent["type"];
