// RFC 4271 §4.2 OPEN, with RFC 5492 capabilities as optional parameters and the RFC 9072
// extended optional-parameters length (accepted on decode, used on encode only when needed).
import { ErrorCode, type Capability } from "../model.js";
import { decodeCapabilities, encodeCapability } from "./capabilities.js";
import { OpenSubcode, OptParamType } from "./constants.js";
import { BgpDecodeError, notification } from "./errors.js";
import { readIpv4, writeIpv4 } from "./ip.js";
import { Reader, type Underflow } from "./reader.js";
import { Writer } from "./writer.js";

export const BGP_VERSION = 4;

export interface OpenMessage {
  readonly type: "open";
  readonly version: number;
  /** The 2-octet My AS field: AS_TRANS when the real ASN (in the capability) needs 4 octets. */
  readonly myAs: number;
  readonly holdTime: number;
  readonly bgpId: string;
  readonly capabilities: readonly Capability[];
  /**
   * How capabilities are packed into optional parameters: FRR and GoBGP send one parameter per
   * capability, BIRD one parameter holding all. Both are legal (RFC 5492 §4); kept so a decoded
   * OPEN re-encodes to the same octets. Default: one per parameter.
   */
  readonly capabilityPacking?: "one-per-parameter" | "single-parameter";
}

const MALFORMED_OPEN: Underflow = {
  what: "OPEN",
  notification: notification(ErrorCode.openMessage, 0),
  handling: "session-reset",
};

/** RFC 4271 §6.2: the data is the largest version we support, as a 2-octet integer. */
export function unsupportedVersion(): ReturnType<typeof notification> {
  return notification(
    ErrorCode.openMessage,
    OpenSubcode.unsupportedVersionNumber,
    new Uint8Array([0, BGP_VERSION]),
  );
}

/** Decodes an OPEN body (the octets after the 19-octet header). */
export function decodeOpen(body: Uint8Array): OpenMessage {
  const r = new Reader(body, MALFORMED_OPEN);
  const version = r.u8();
  if (version !== BGP_VERSION) {
    // RFC 4271 §6.2: nothing after the version can be trusted in another version's OPEN.
    throw new BgpDecodeError(`unsupported BGP version ${version}`, unsupportedVersion());
  }
  const myAs = r.u16();
  const holdTime = r.u16();
  const bgpId = readIpv4(r);
  let paramsLength = r.u8();
  let extended = false;
  // RFC 9072 §2: Non-Ext OP Len 255 followed by Non-Ext OP Type 255 announces 2-octet lengths.
  if (paramsLength === 255 && r.remaining >= 1 && r.peekU8() === OptParamType.extendedLength) {
    r.u8();
    paramsLength = r.u16();
    extended = true;
  }
  if (paramsLength !== r.remaining) {
    throw new BgpDecodeError(
      `optional parameters length ${paramsLength} but ${r.remaining} octet(s) follow`,
      MALFORMED_OPEN.notification,
    );
  }
  const capabilities: Capability[] = [];
  let parameters = 0;
  while (!r.atEnd) {
    const paramType = r.u8();
    const value = r.sub(extended ? r.u16() : r.u8());
    if (paramType !== OptParamType.capabilities) {
      throw new BgpDecodeError(
        `unsupported optional parameter ${paramType}`,
        notification(ErrorCode.openMessage, OpenSubcode.unsupportedOptionalParameter),
      );
    }
    parameters++;
    capabilities.push(...decodeCapabilities(value));
  }
  const open: OpenMessage = { type: "open", version, myAs, holdTime, bgpId, capabilities };
  return parameters === 1 && capabilities.length > 1
    ? { ...open, capabilityPacking: "single-parameter" }
    : open;
}

/** The capabilities of each optional parameter, encoded. */
function parameterValues(open: OpenMessage): Uint8Array[] {
  const groups =
    open.capabilityPacking === "single-parameter" && open.capabilities.length > 0
      ? [open.capabilities]
      : open.capabilities.map((c) => [c]);
  return groups.map((group) => {
    const w = new Writer();
    for (const c of group) encodeCapability(w, c);
    return w.finish();
  });
}

/** Encodes an OPEN body. */
export function encodeOpen(open: OpenMessage): Uint8Array {
  const w = new Writer();
  w.u8(open.version).u16(open.myAs).u16(open.holdTime);
  writeIpv4(w, open.bgpId);
  const values = parameterValues(open);
  const classicLength = values.reduce((n, v) => n + 2 + v.length, 0);
  if (classicLength < 255 && values.every((v) => v.length <= 255)) {
    w.u8(classicLength);
    for (const v of values) w.u8(OptParamType.capabilities).u8(v.length).bytes(v);
    return w.finish();
  }
  // RFC 9072 §2: too long for one octet, so 255/255 then 2-octet lengths everywhere.
  w.u8(255).u8(OptParamType.extendedLength);
  w.lengthPrefixed(2, () => {
    for (const v of values) w.u8(OptParamType.capabilities).u16(v.length).bytes(v);
  });
  return w.finish();
}
