// BGP identifiers are 4-octet unsigned integers written as dotted quads (RFC 4271 §4.2,
// RFC 6286 §2.1). Comparisons (collision resolution §6.8, best path §9.1.2.2) are numeric.

/** The identifier as an unsigned 32-bit number, or undefined when it is not a dotted quad. */
export function bgpIdToNumber(id: string): number | undefined {
  const parts = id.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    // Multiplication instead of `<<` keeps the result unsigned past 2^31.
    value = value * 256 + octet;
  }
  return value;
}

/** Negative when a < b as unsigned 32-bit numbers; unparseable identifiers sort last. */
export function compareBgpIds(a: string, b: string): number {
  const x = bgpIdToNumber(a) ?? Number.MAX_SAFE_INTEGER;
  const y = bgpIdToNumber(b) ?? Number.MAX_SAFE_INTEGER;
  return x - y;
}
