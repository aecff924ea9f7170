// RFC 4271 §4.1 message header and the §6.1 checks on it. Shared by the framer (which sees the
// header first) and decodeMessage (which may be handed a message from elsewhere).
import { ErrorCode } from "../model.js";
import { BgpDecodeError, BgpEncodeError, notification } from "./errors.js";
import { HEADER_LENGTH, HeaderSubcode, MARKER_LENGTH, MAX_MESSAGE_LENGTH, MessageType } from "./constants.js";
import type { MessageTypeCode } from "./constants.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

export interface MessageHeader {
  readonly length: number;
  readonly type: MessageTypeCode;
}

/** RFC 4271 §6.1: the smallest legal length per type; KEEPALIVE is exactly 19. */
const MIN_LENGTH: Record<MessageTypeCode, number> = {
  [MessageType.open]: 29,
  [MessageType.update]: 23,
  [MessageType.notification]: 21,
  [MessageType.keepalive]: 19,
  [MessageType.routeRefresh]: 23,
};

function lengthData(length: number): Uint8Array {
  return new Writer(2).u16(length).finish();
}

function badLength(length: number, why: string): BgpDecodeError {
  return new BgpDecodeError(
    `bad message length ${length}: ${why}`,
    notification(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, lengthData(length)),
  );
}

function isMessageType(t: number): t is MessageTypeCode {
  return Object.values(MessageType).some((v) => v === t);
}

/**
 * Parses and checks the 19 header octets at the reader's position. The reader must hold at
 * least HEADER_LENGTH octets; the body is not needed.
 */
export function readHeader(r: Reader, maxLength: number = MAX_MESSAGE_LENGTH): MessageHeader {
  for (let i = 0; i < MARKER_LENGTH; i++) {
    if (r.u8() !== 0xff) {
      // RFC 4271 §6.1: a marker that is not all ones means we lost sync with the stream.
      throw new BgpDecodeError(
        "marker is not all ones",
        notification(ErrorCode.messageHeader, HeaderSubcode.connectionNotSynchronized),
      );
    }
  }
  const length = r.u16();
  const type = r.u8();
  if (length < HEADER_LENGTH) throw badLength(length, `shorter than the ${HEADER_LENGTH}-octet header`);
  if (length > maxLength) throw badLength(length, `longer than the maximum ${maxLength}`);
  if (!isMessageType(type)) {
    throw new BgpDecodeError(
      `unknown message type ${type}`,
      notification(ErrorCode.messageHeader, HeaderSubcode.badMessageType, new Uint8Array([type])),
    );
  }
  // ROUTE-REFRESH length errors have their own NOTIFICATION (RFC 7313 §5), checked by its decoder.
  if (type !== MessageType.routeRefresh) {
    const min = MIN_LENGTH[type];
    if (type === MessageType.keepalive ? length !== min : length < min) {
      throw badLength(length, `too short for message type ${type}`);
    }
  }
  return { length, type };
}

export function writeHeader(w: Writer, type: MessageTypeCode): number {
  for (let i = 0; i < MARKER_LENGTH; i++) w.u8(0xff);
  const lengthAt = w.length;
  w.u16(0).u8(type);
  return lengthAt;
}

/** Wraps a message body: marker, length, type. */
export function frame(type: MessageTypeCode, body: Uint8Array, maxLength = MAX_MESSAGE_LENGTH): Uint8Array {
  const w = new Writer(HEADER_LENGTH + body.length);
  const at = writeHeader(w, type);
  w.bytes(body);
  if (w.length > maxLength) {
    throw new BgpEncodeError(`message of ${w.length} octets exceeds the maximum ${maxLength}; split it`);
  }
  return w.patchU16(at, w.length).finish();
}
