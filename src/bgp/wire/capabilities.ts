// RFC 5492 capabilities: code (1), length (1), value. Codes we interpret are decoded into the
// shared Capability union; anything else is kept raw, because RFC 5492 §3 says an unknown
// capability is simply ignored (it must not fail the OPEN).
import { assertNever } from "../../errors.js";
import type { Capability } from "../model.js";
import { CapabilityCode } from "./constants.js";
import { BgpDecodeError, notification } from "./errors.js";
import { Reader, type Underflow } from "./reader.js";
import type { Writer } from "./writer.js";

/** RFC 4271 §6.2: a recognised but malformed optional parameter is OPEN error, subcode 0. */
export const MALFORMED_CAPABILITY: Underflow = {
  what: "capability",
  notification: notification(2, 0),
  handling: "session-reset",
};

/** RFC 4724 §3 Restart Flags: the high bit of the 4-bit field is R (restarting). */
const GR_RESTARTING = 0x8;
/** RFC 8538 §2: the "N" bit beside R in the restart flags. */
const GR_NOTIFICATION = 0x4;
/** RFC 4724 §3 per-family flags: the high bit is F (forwarding state preserved). */
const GR_FORWARDING = 0x80;

function malformed(code: number, why: string): BgpDecodeError {
  return new BgpDecodeError(`capability ${code}: ${why}`, MALFORMED_CAPABILITY.notification);
}

function expectLength(code: number, r: Reader, length: number): void {
  if (r.remaining !== length) throw malformed(code, `length ${r.remaining}, expected ${length}`);
}

function decodeText(r: Reader): string {
  return new TextDecoder().decode(r.bytes(r.u8()));
}

/** Decodes one capability value; `r` covers exactly the value octets. */
export function decodeCapability(code: number, r: Reader): Capability {
  switch (code) {
    case CapabilityCode.multiprotocol: {
      // RFC 4760 §8: AFI (2), reserved (1), SAFI (1).
      expectLength(code, r, 4);
      const afi = r.u16();
      r.u8();
      return { type: "multiprotocol", afiSafi: { afi, safi: r.u8() } };
    }
    case CapabilityCode.routeRefresh:
      expectLength(code, r, 0);
      return { type: "route-refresh" };
    case CapabilityCode.extendedNextHop: {
      // RFC 8950 §3: a list of (NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2)).
      if (r.remaining % 6 !== 0) throw malformed(code, "length is not a multiple of 6");
      const entries = [];
      while (!r.atEnd) entries.push({ afi: r.u16(), safi: r.u16(), nextHopAfi: r.u16() });
      return { type: "extended-next-hop", entries };
    }
    case CapabilityCode.gracefulRestart: {
      // RFC 4724 §3: flags (4 bits) + restart time (12 bits), then (AFI, SAFI, flags) tuples.
      if (r.remaining < 2 || (r.remaining - 2) % 4 !== 0) throw malformed(code, "length is not 2 + 4n");
      const head = r.u16();
      const families = [];
      while (!r.atEnd) {
        const afi = r.u16();
        const safi = r.u8();
        families.push({ afi, safi, forwardingPreserved: (r.u8() & GR_FORWARDING) !== 0 });
      }
      return {
        type: "graceful-restart",
        restarting: ((head >>> 12) & GR_RESTARTING) !== 0,
        ...(((head >>> 12) & GR_NOTIFICATION) !== 0 ? { notification: true } : {}),
        restartTimeSeconds: head & 0x0fff,
        families,
      };
    }
    case CapabilityCode.fourOctetAs:
      expectLength(code, r, 4);
      return { type: "four-octet-as", asn: r.u32() };
    case CapabilityCode.enhancedRouteRefresh:
      expectLength(code, r, 0);
      return { type: "enhanced-route-refresh" };
    case CapabilityCode.fqdn: {
      // draft-walton-bgp-hostname-capability §3: hostname length + octets, domain length + octets.
      const hostname = decodeText(r);
      const domain = decodeText(r);
      expectLength(code, r, 0);
      return { type: "fqdn", hostname, domain };
    }
    default:
      return { type: "unknown", code, value: r.rest() };
  }
}

function writeText(w: Writer, text: string): void {
  const bytes = new TextEncoder().encode(text);
  w.u8(bytes.length).bytes(bytes);
}

/** Writes code, length and value of one capability. */
export function encodeCapability(w: Writer, cap: Capability): void {
  switch (cap.type) {
    case "multiprotocol":
      w.u8(CapabilityCode.multiprotocol).u8(4).u16(cap.afiSafi.afi).u8(0).u8(cap.afiSafi.safi);
      return;
    case "route-refresh":
      w.u8(CapabilityCode.routeRefresh).u8(0);
      return;
    case "extended-next-hop":
      w.u8(CapabilityCode.extendedNextHop).lengthPrefixed(1, () => {
        for (const e of cap.entries) w.u16(e.afi).u16(e.safi).u16(e.nextHopAfi);
      });
      return;
    case "graceful-restart":
      w.u8(CapabilityCode.gracefulRestart).lengthPrefixed(1, () => {
        const flags = (cap.restarting ? GR_RESTARTING : 0) | (cap.notification ? GR_NOTIFICATION : 0);
        w.u16((flags << 12) | cap.restartTimeSeconds);
        for (const f of cap.families)
          w.u16(f.afi)
            .u8(f.safi)
            .u8(f.forwardingPreserved ? GR_FORWARDING : 0);
      });
      return;
    case "four-octet-as":
      w.u8(CapabilityCode.fourOctetAs).u8(4).u32(cap.asn);
      return;
    case "enhanced-route-refresh":
      w.u8(CapabilityCode.enhancedRouteRefresh).u8(0);
      return;
    case "fqdn":
      w.u8(CapabilityCode.fqdn).lengthPrefixed(1, () => {
        writeText(w, cap.hostname);
        writeText(w, cap.domain);
      });
      return;
    case "unknown":
      w.u8(cap.code).u8(cap.value.length).bytes(cap.value);
      return;
    default:
      assertNever(cap, "capability");
  }
}

/** Decodes the capabilities packed into one Capabilities optional parameter (RFC 5492 §4). */
export function decodeCapabilities(r: Reader): Capability[] {
  const out: Capability[] = [];
  while (!r.atEnd) {
    const code = r.u8();
    const value = r.sub(r.u8(), MALFORMED_CAPABILITY);
    out.push(decodeCapability(code, value));
  }
  return out;
}

/** The ASN a peer really has: its 4-octet AS capability, else the OPEN's My AS field. */
export function effectiveAsn(myAs: number, caps: readonly Capability[]): number {
  for (const c of caps) if (c.type === "four-octet-as") return c.asn;
  return myAs;
}
