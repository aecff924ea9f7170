// Numeric comparison of IP addresses for best-path tie-breaking (lowest peer address,
// RFC 4271 §9.1.2.2 (g)): text order would put 10.0.0.10 before 10.0.0.9.

import { bgpIdToNumber } from "../fsm/bgp-id.js";

/** The IPv6 address as a 128-bit number, or undefined when it is not one. */
export function ipv6ToBigInt(text: string): bigint | undefined {
  let addr = text.toLowerCase();
  const zone = addr.indexOf("%");
  if (zone >= 0) addr = addr.slice(0, zone);
  const groups: string[] = [];
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const lastColon = addr.lastIndexOf(":");
  const tail = addr.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = bgpIdToNumber(tail);
    if (v4 === undefined) return undefined;
    addr = `${addr.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = addr.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  groups.push(...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest);
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

type Parsed = { family: 4; value: number } | { family: 6; value: bigint } | undefined;

function parse(text: string): Parsed {
  const v4 = bgpIdToNumber(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = ipv6ToBigInt(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Negative when a sorts first: IPv4 before IPv6, numerically within a family, junk last. */
export function compareAddresses(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1) || (a < b ? -1 : a > b ? 1 : 0);
  if (x.family !== y.family) return x.family - y.family;
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}
