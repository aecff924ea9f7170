// RFC 4271 §4.3 / RFC 4760 §5 prefix encoding: one length octet (in bits), then the fewest octets
// that hold that many bits.
//
// Host bits: RFC 4271 §4.3 says "the value of trailing bits is irrelevant", so a peer that leaves
// junk after the prefix length is not in error. We zero those bits on decode (rather than reject
// the UPDATE) so the same route always gets the same Prefix key in the RIB, and we zero them on
// encode so what we send is canonical.
import { formatIp, fromBytes, networkOf, toBytes, type IpAddress } from "../../net/index.js";
import { AFI_FAMILY, type AfiName, type NotificationData, type Prefix } from "../model.js";
import { BgpDecodeError, BgpEncodeError, type ErrorHandling } from "./errors.js";
import { addressOf } from "./ip.js";
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

export const MAX_PREFIX_LENGTH: Record<AfiName, number> = { ipv4: 32, ipv6: 128 };

/** What a bad prefix in this field means (RFC 7606 §5.3 and the field's own rules). */
export interface NlriError {
  readonly what: string;
  readonly notification: NotificationData;
  readonly handling: ErrorHandling;
}

/** The prefix's network address: the first `length` bits of its address, the rest zeroed. */
function network(p: Prefix): IpAddress {
  return networkOf(addressOf(p.address, AFI_FAMILY[p.afi]), p.length).address;
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
  if (afi === "ipv4") return { afi, address: ipv4Network(r, n, length), length };
  const octets = [...r.bytes(n)];
  while (octets.length < max / 8) octets.push(0);
  const address = networkOf(fromBytes(octets), length).address;
  return { afi, address: formatIp(address), length };
}

/**
 * The IPv4 case without the general path's arrays and address objects: a peer can send a million
 * prefixes, and their garbage is what made the collector pause for tens of milliseconds at a time.
 * Dotted decimal without leading zeros is the one form net/ formats an IPv4 address in.
 */
function ipv4Network(r: Reader, octets: number, length: number): string {
  let a = 0;
  for (let i = 0; i < 4; i++) a = a * 256 + (i < octets ? r.u8() : 0);
  a -= a % 2 ** (32 - length);
  return `${Math.floor(a / 0x1000000)}.${Math.floor(a / 0x10000) % 256}.${Math.floor(a / 0x100) % 256}.${a % 256}`;
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
  const octets = toBytes(network(p)).slice(0, Math.ceil(p.length / 8));
  w.u8(p.length);
  for (const o of octets) w.u8(o);
}

export function encodePrefixes(w: Writer, prefixes: readonly Prefix[]): void {
  for (const p of prefixes) encodePrefix(w, p);
}

/** A prefix with its host bits zeroed, as decode would return it. */
export function normalizePrefix(p: Prefix): Prefix {
  return { afi: p.afi, address: formatIp(network(p)), length: p.length };
}
