// Numeric comparison of IP address texts for best-path tie-breaking (lowest peer address,
// RFC 4271 §9.1.2.2 (g)): text order would put 10.0.0.10 before 10.0.0.9.
import { compareIp, parseIp } from "../../net/index.js";

/** Negative when a sorts first: IPv4 before IPv6, numerically within a family, junk last. */
export function compareAddresses(a: string, b: string): number {
  const x = parseIp(a);
  const y = parseIp(b);
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1) || (a < b ? -1 : a > b ? 1 : 0);
  return compareIp(x, y);
}
