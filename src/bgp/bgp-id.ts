// BGP identifiers are 4-octet unsigned integers written as dotted quads (RFC 4271 §4.2,
// RFC 6286 §2.1). Comparisons (collision resolution §6.8, best path §9.1.2.2) are numeric. The
// text is read by net/, so an identifier is refused or accepted exactly as an IPv4 address is.
import { parseIpv4 } from "../net/index.js";

/** The identifier as an unsigned 32-bit number, or undefined when it is not a dotted quad. */
export function bgpIdToNumber(id: string): number | undefined {
  const address = parseIpv4(id);
  return address === undefined ? undefined : Number(address.value);
}

/** Negative when a < b as unsigned 32-bit numbers; unparseable identifiers sort last. */
export function compareBgpIds(a: string, b: string): number {
  const x = bgpIdToNumber(a) ?? Number.MAX_SAFE_INTEGER;
  const y = bgpIdToNumber(b) ?? Number.MAX_SAFE_INTEGER;
  return x - y;
}
