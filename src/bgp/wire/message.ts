// The BGP message union (RFC 4271 §4) and the two dispatchers every caller uses.
import { assertNever } from "../../errors.js";
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH, MessageType, type MessageTypeCode } from "./constants.js";
import type { CodecContext } from "./context.js";
import { BgpDecodeError, notification } from "./errors.js";
import { frame, readHeader } from "./header.js";
import { decodeKeepalive, encodeKeepalive, type KeepaliveMessage } from "./keepalive.js";
import { decodeNotification, encodeNotification, type NotificationMessage } from "./notification.js";
import { decodeOpen, encodeOpen, type OpenMessage } from "./open.js";
import { Reader } from "./reader.js";
import { decodeRouteRefresh, encodeRouteRefresh, type RouteRefreshMessage } from "./route-refresh.js";
import { Writer } from "./writer.js";
import { decodeUpdate, encodeUpdate, type ReceivedUpdate, type UpdateMessage } from "./update.js";

export type BgpMessage =
  OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;
export type BgpMessageType = BgpMessage["type"];

/** What decodeMessage returns: an UPDATE comes with its RFC 7606 verdict and route lists. */
export type ReceivedMessage = Exclude<BgpMessage, UpdateMessage> | ReceivedUpdate;

const TYPE_CODE: Record<BgpMessageType, MessageTypeCode> = {
  open: MessageType.open,
  update: MessageType.update,
  notification: MessageType.notification,
  keepalive: MessageType.keepalive,
  "route-refresh": MessageType.routeRefresh,
};

function encodeBody(msg: BgpMessage, ctx: CodecContext): Uint8Array {
  switch (msg.type) {
    case "open":
      return encodeOpen(msg);
    case "update":
      return encodeUpdate(msg, ctx);
    case "notification":
      return encodeNotification(msg);
    case "keepalive":
      return encodeKeepalive();
    case "route-refresh":
      return encodeRouteRefresh(msg);
    default:
      return assertNever(msg, "message");
  }
}

/** Encodes a whole message, header included. Throws BgpEncodeError if it exceeds the maximum. */
export function encodeMessage(msg: BgpMessage, ctx: CodecContext): Uint8Array {
  return frame(TYPE_CODE[msg.type], encodeBody(msg, ctx), ctx.maxMessageLength ?? MAX_MESSAGE_LENGTH);
}

/**
 * Decodes one whole message (as the Framer returns them). Throws BgpDecodeError carrying the
 * NOTIFICATION to send; anything the peer can send ends in a message or that error.
 */
export function decodeMessage(bytes: Uint8Array, ctx: CodecContext): ReceivedMessage {
  const r = new Reader(bytes, {
    what: "message header",
    notification: notification(1, 2),
    handling: "session-reset",
  });
  const header = readHeader(
    r.sub(Math.min(HEADER_LENGTH, r.remaining)),
    ctx.maxMessageLength ?? MAX_MESSAGE_LENGTH,
  );
  if (header.length !== bytes.length) {
    // The Length field must describe exactly the octets we were handed (RFC 4271 §4.1).
    throw new BgpDecodeError(
      `Length field says ${header.length}, message has ${bytes.length} octets`,
      notification(1, 2, new Writer(2).u16(header.length).finish()),
    );
  }
  const body = r.rest();
  switch (header.type) {
    case MessageType.open:
      return decodeOpen(body);
    case MessageType.update:
      return decodeUpdate(body, ctx);
    case MessageType.notification:
      return decodeNotification(body);
    case MessageType.keepalive:
      return decodeKeepalive(body);
    case MessageType.routeRefresh:
      return decodeRouteRefresh(body);
    default:
      return assertNever(header.type, "message type");
  }
}
