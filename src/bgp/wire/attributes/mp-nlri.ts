// RFC 4760 MP_REACH_NLRI (§3) and MP_UNREACH_NLRI (§4) for IPv4 and IPv6 unicast.
// Next hops: 4 octets (IPv4), 16 (IPv6 global) or 32 (global + link-local, RFC 2545 §3); IPv4
// routes may carry an IPv6 next hop (RFC 8950 §3). Anything malformed here hides which routes
// the UPDATE meant, so RFC 7606 §7.11 leaves only session reset (with 3/9, RFC 4760 §7).
import { familyOf } from "../../../net/index.js";
import { AFI, SAFI, type AfiName } from "../../model.js";
import { AttrType } from "../constants.js";
import { notification } from "../errors.js";
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from "../ip.js";
import { decodePrefixes, encodePrefixes, type NlriError } from "../nlri.js";
import type { Reader } from "../reader.js";
import type { Writer } from "../writer.js";
import {
  AttrError,
  type AttrDecodeContext,
  type AttributeCodec,
  type MpReach,
  type MpUnreach,
} from "./types.js";

/** The families whose NLRI we can read; others are skipped (reported, not an error). */
export function familyName(afi: number, safi: number): AfiName | undefined {
  if (safi !== SAFI.unicast) return undefined;
  if (afi === AFI.ipv4) return "ipv4";
  if (afi === AFI.ipv6) return "ipv6";
  return undefined;
}

/** RFC 7606 §5.3 / §7.11: a bad prefix inside MP_(UN)REACH_NLRI is a session reset. */
const MP_NLRI_ERROR: NlriError = {
  what: "MP NLRI",
  notification: notification(3, 9),
  handling: "session-reset",
};

/** Thrown for families we cannot parse; the list decoder reports the attribute as skipped. */
export class UnsupportedFamily extends Error {
  override readonly name = "UnsupportedFamily";
}

function usableFamily(afi: number, safi: number, ctx: AttrDecodeContext): AfiName {
  const family = familyName(afi, safi);
  if (family === undefined) throw new UnsupportedFamily(`AFI ${afi} SAFI ${safi} is not supported`);
  if (ctx.families !== undefined && !ctx.families.some((f) => f.afi === afi && f.safi === safi)) {
    throw new UnsupportedFamily(`AFI ${afi} SAFI ${safi} was not negotiated`);
  }
  return family;
}

function readNextHop(r: Reader, afi: AfiName): { nextHop: string; linkLocalNextHop?: string } {
  const length = r.u8();
  if (length > r.remaining) throw new AttrError(9, `next hop length ${length} overruns the attribute`);
  switch (length) {
    case 4:
      if (afi !== "ipv4") throw new AttrError(9, "4-octet next hop for IPv6 routes");
      return { nextHop: readIpv4(r) };
    case 16:
      return { nextHop: readIpv6(r) };
    case 32: {
      const nextHop = readIpv6(r);
      return { nextHop, linkLocalNextHop: readIpv6(r) };
    }
    default:
      throw new AttrError(9, `next hop length ${length} is not 4, 16 or 32`);
  }
}

export const mpReachCodec: AttributeCodec = {
  typeCode: AttrType.mpReachNlri,
  name: "MP_REACH_NLRI",
  category: "optional-non-transitive",
  malformed: "session-reset",
  decode(r, bag, ctx) {
    if (r.remaining < 5) throw new AttrError(9, "MP_REACH_NLRI shorter than its fixed fields");
    const afi = r.u16();
    const safi = r.u8();
    const family = usableFamily(afi, safi, ctx);
    const hop = readNextHop(r, family);
    if (r.atEnd) throw new AttrError(9, "MP_REACH_NLRI has no reserved octet");
    r.u8(); // RFC 4760 §3: Reserved, must be ignored on receipt.
    bag.mpReach = { afi, safi, ...hop, prefixes: decodePrefixes(r, family, MP_NLRI_ERROR) };
  },
};

export const mpUnreachCodec: AttributeCodec = {
  typeCode: AttrType.mpUnreachNlri,
  name: "MP_UNREACH_NLRI",
  category: "optional-non-transitive",
  malformed: "session-reset",
  decode(r, bag, ctx) {
    if (r.remaining < 3) throw new AttrError(9, "MP_UNREACH_NLRI shorter than its fixed fields");
    const afi = r.u16();
    const safi = r.u8();
    const family = usableFamily(afi, safi, ctx);
    bag.mpUnreach = { afi, safi, prefixes: decodePrefixes(r, family, MP_NLRI_ERROR) };
  },
};

export function encodeMpReach(w: Writer, mp: MpReach): void {
  w.u16(mp.afi).u8(mp.safi);
  w.lengthPrefixed(1, () => {
    if (familyOf(mp.nextHop) === 4) {
      writeIpv4(w, mp.nextHop);
    } else {
      writeIpv6(w, mp.nextHop);
      if (mp.linkLocalNextHop !== undefined) writeIpv6(w, mp.linkLocalNextHop);
    }
  });
  w.u8(0);
  encodePrefixes(w, mp.prefixes);
}

export function encodeMpUnreach(w: Writer, mp: MpUnreach): void {
  w.u16(mp.afi).u8(mp.safi);
  encodePrefixes(w, mp.prefixes);
}
