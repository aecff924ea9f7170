// RFC 4271 §4.4 KEEPALIVE: the header alone. Its exact length (19) is checked with the header.
import { ErrorCode } from "../model.js";
import { HeaderSubcode } from "./constants.js";
import { BgpDecodeError, notification } from "./errors.js";
import { Writer } from "./writer.js";

export interface KeepaliveMessage {
  readonly type: "keepalive";
}

export function decodeKeepalive(body: Uint8Array): KeepaliveMessage {
  if (body.length !== 0) {
    const length = new Writer(2).u16(19 + body.length).finish();
    throw new BgpDecodeError(
      "KEEPALIVE with a body",
      notification(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, length),
    );
  }
  return { type: "keepalive" };
}

export function encodeKeepalive(): Uint8Array {
  return new Uint8Array(0);
}
