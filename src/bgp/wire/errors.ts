// Every decode failure is the NOTIFICATION we would send (RFC 4271 §6) plus how bad it is
// (RFC 7606 §2): the session layer decides what to do from `handling`, never from the message.
import type { NotificationData } from "../model.js";

/**
 * RFC 7606 §2 error-handling approaches, least to most drastic in the order listed there:
 * drop one attribute, withdraw the UPDATE's routes, or tear the session down.
 */
export const ErrorHandling = {
  attributeDiscard: "attribute-discard",
  treatAsWithdraw: "treat-as-withdraw",
  sessionReset: "session-reset",
} as const;
export type ErrorHandling = (typeof ErrorHandling)[keyof typeof ErrorHandling];

const SEVERITY: Record<ErrorHandling, number> = {
  "attribute-discard": 0,
  "treat-as-withdraw": 1,
  "session-reset": 2,
};

/** The more drastic of two approaches (RFC 7606 §3: the strongest one found wins). */
export function worstHandling(a: ErrorHandling, b: ErrorHandling): ErrorHandling {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function notification(code: number, subcode: number, data: Uint8Array = new Uint8Array(0)) {
  return { code, subcode, data } satisfies NotificationData;
}

export class BgpDecodeError extends Error {
  override readonly name = "BgpDecodeError";
  readonly notification: NotificationData;
  readonly handling: ErrorHandling;
  /** What was wrong, without the NOTIFICATION suffix the message carries. */
  readonly reason: string;

  constructor(reason: string, notif: NotificationData, handling: ErrorHandling = "session-reset") {
    super(`${reason} (NOTIFICATION ${notif.code}/${notif.subcode})`);
    this.reason = reason;
    this.notification = notif;
    this.handling = handling;
  }
}

/** Thrown by encoders for values that cannot go on the wire; a programming error, not a peer's. */
export class BgpEncodeError extends Error {
  override readonly name = "BgpEncodeError";
}
