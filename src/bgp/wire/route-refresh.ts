// RFC 2918 §3 ROUTE-REFRESH: AFI (2), a reserved octet that RFC 7313 §3.2 turns into the
// message subtype, SAFI (1).
import { ErrorCode } from "../model.js";
import { HEADER_LENGTH, MessageType, RouteRefreshSubcode } from "./constants.js";
import { BgpDecodeError, notification } from "./errors.js";
import { writeHeader } from "./header.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/** RFC 7313 §3.2: 0 is a plain request, 1 Beginning of Route Refresh, 2 End of Route Refresh. */
export const RouteRefreshSubtype = { normal: 0, beginning: 1, end: 2 } as const;

export interface RouteRefreshMessage {
  readonly type: "route-refresh";
  readonly afi: number;
  readonly safi: number;
  /**
   * Kept as a number: RFC 7313 §5 says a message with another subtype is ignored, not an error,
   * so the session layer must be able to see it and drop it.
   */
  readonly subtype: number;
}

export function decodeRouteRefresh(body: Uint8Array): RouteRefreshMessage {
  if (body.length !== 4) {
    // RFC 7313 §5: wrong length is ROUTE-REFRESH error 7/1, data = the whole message.
    const whole = new Writer(HEADER_LENGTH + body.length);
    const at = writeHeader(whole, MessageType.routeRefresh);
    whole.bytes(body).patchU16(at, HEADER_LENGTH + body.length);
    throw new BgpDecodeError(
      `ROUTE-REFRESH body of ${body.length} octets`,
      notification(ErrorCode.routeRefresh, RouteRefreshSubcode.invalidMessageLength, whole.finish()),
    );
  }
  const r = new Reader(body, {
    what: "ROUTE-REFRESH",
    notification: notification(ErrorCode.routeRefresh, RouteRefreshSubcode.invalidMessageLength),
    handling: "session-reset",
  });
  const afi = r.u16();
  const subtype = r.u8();
  return { type: "route-refresh", afi, subtype, safi: r.u8() };
}

export function encodeRouteRefresh(m: RouteRefreshMessage): Uint8Array {
  return new Writer(4).u16(m.afi).u8(m.subtype).u8(m.safi).finish();
}
