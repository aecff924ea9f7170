// RFC 4271 §4.5 NOTIFICATION: error code, subcode, and data whose meaning depends on both.
import { ErrorCode, type NotificationData } from "../model.js";
import { notification } from "./errors.js";
import { Reader, type Underflow } from "./reader.js";
import { Writer } from "./writer.js";

export interface NotificationMessage extends NotificationData {
  readonly type: "notification";
}

const SHORT: Underflow = {
  what: "NOTIFICATION",
  notification: notification(ErrorCode.messageHeader, 2),
  handling: "session-reset",
};

export function decodeNotification(body: Uint8Array): NotificationMessage {
  const r = new Reader(body, SHORT);
  const code = r.u8();
  const subcode = r.u8();
  return { type: "notification", code, subcode, data: r.rest() };
}

export function encodeNotification(n: NotificationData): Uint8Array {
  return new Writer(2 + n.data.length).u8(n.code).u8(n.subcode).bytes(n.data).finish();
}

/** The NOTIFICATION message to send for a decode error or a local decision. */
export function notificationMessage(n: NotificationData): NotificationMessage {
  return { type: "notification", code: n.code, subcode: n.subcode, data: n.data };
}
