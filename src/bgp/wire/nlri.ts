// RFC 4271 §4.3 / RFC 4760 §5 prefix encoding: one length octet (in bits), then the fewest octets
// that hold that many bits.
//
// Host bits: RFC 4271 §4.3 says "the value of trailing bits is irrelevant", so a peer that leaves
// junk after the prefix length is not in error. We zero those bits on decode (rather than reject
// the UPDATE) so the same route always gets the same Prefix key in the RIB, and we zero them on
// encode so what we send is canonical.
import type { AfiName, NotificationData, Prefix } from "../model.js";
import { BgpDecodeError, BgpEncodeError, type ErrorHandling } from "./errors.js";
import { formatIpv6, ipv4Octets, ipv6Groups } from "./ip.js";
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

export const MAX_PREFIX_LENGTH: Record<AfiName, number> = { ipv4: 32, ipv6: 128 };

/** What a bad prefix in this field means (RFC 7606 §5.3 and the field's own rules). */
export interface NlriError {
  readonly what: string;
  readonly notification: NotificationData;
  readonly handling: ErrorHandling;
}

function addressOctets(p: Prefix): number[] {
  if (p.afi === "ipv4") return ipv4Octets(p.address);
  return ipv6Groups(p.address).flatMap((g) => [g >>> 8, g & 0xff]);
}

function addressText(afi: AfiName, octets: readonly number[]): string {
  if (afi === "ipv4") return octets.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  return formatIpv6(groups);
}

/** Keeps the first `length` bits of the octets, zeroing the rest. */
function mask(octets: readonly number[], length: number): number[] {
  return octets.map((o, i) => {
    const bits = Math.min(8, Math.max(0, length - i * 8));
    return o & ((0xff00 >>> bits) & 0xff);
  });
}

export function decodePrefix(r: Reader, afi: AfiName, err: NlriError): Prefix {
  const length = r.u8();
  const max = MAX_PREFIX_LENGTH[afi];
  if (length > max) {
    throw new BgpDecodeError(`${err.what}: prefix length ${length} > ${max}`, err.notification, err.handling);
  }
  const n = Math.ceil(length / 8);
  if (n > r.remaining) {
    throw new BgpDecodeError(
      `${err.what}: prefix /${length} overruns the field`,
      err.notification,
      err.handling,
    );
  }
  const octets: number[] = [];
  for (let i = 0; i < n; i++) octets.push(r.u8());
  const full = mask(octets, length);
  while (full.length < max / 8) full.push(0);
  return { afi, address: addressText(afi, full), length };
}

/** Prefixes until the reader is exhausted (the field's length was given by its container). */
export function decodePrefixes(r: Reader, afi: AfiName, err: NlriError): Prefix[] {
  const out: Prefix[] = [];
  while (!r.atEnd) out.push(decodePrefix(r, afi, err));
  return out;
}

export function encodePrefix(w: Writer, p: Prefix): void {
  const max = MAX_PREFIX_LENGTH[p.afi];
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > max) {
    throw new BgpEncodeError(`bad prefix length ${p.length} for ${p.afi}`);
  }
  const octets = mask(addressOctets(p), p.length).slice(0, Math.ceil(p.length / 8));
  w.u8(p.length);
  for (const o of octets) w.u8(o);
}

export function encodePrefixes(w: Writer, prefixes: readonly Prefix[]): void {
  for (const p of prefixes) encodePrefix(w, p);
}

/** A prefix with its host bits zeroed, as decode would return it. */
export function normalizePrefix(p: Prefix): Prefix {
  const octets = mask(addressOctets(p), p.length);
  return { afi: p.afi, address: addressText(p.afi, octets), length: p.length };
}
