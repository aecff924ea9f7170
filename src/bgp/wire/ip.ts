// IP addresses between text (what model.ts carries) and wire octets. IPv6 text output follows
// RFC 5952 (lower case, longest run of two or more zero groups compressed, first one on a tie)
// so a decoded address compares equal to what FRR, BIRD and GoBGP print.
import { isIPv4, isIPv6 } from "node:net";
import { BgpEncodeError } from "./errors.js";
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

export function readIpv4(r: Reader): string {
  return [r.u8(), r.u8(), r.u8(), r.u8()].join(".");
}

/** The four octets of a dotted quad, validated. */
export function ipv4Octets(addr: string): [number, number, number, number] {
  if (!isIPv4(addr)) throw new BgpEncodeError(`not an IPv4 address: ${addr}`);
  const [a = 0, b = 0, c = 0, d = 0] = addr.split(".").map(Number);
  return [a, b, c, d];
}

export function writeIpv4(w: Writer, addr: string): void {
  for (const o of ipv4Octets(addr)) w.u8(o);
}

export function readIpv6(r: Reader): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(r.u16());
  return formatIpv6(groups);
}

export function formatIpv6(groups: readonly number[]): string {
  // Find the longest run of zero groups (RFC 5952 §4.2.2: never compress a single group).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

/** The eight 16-bit groups of an IPv6 address in any valid text form (incl. embedded IPv4). */
export function ipv6Groups(addr: string): number[] {
  if (!isIPv6(addr)) throw new BgpEncodeError(`not an IPv6 address: ${addr}`);
  let text = addr;
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    // RFC 4291 §2.2 form 3: the low 32 bits written as a dotted quad; rewrite as two groups.
    const [a, b, c, d] = ipv4Octets(last);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const want = 8;
  const dbl = text.indexOf("::");
  let groups: number[];
  if (dbl >= 0) {
    const head = parse(text.slice(0, dbl));
    const rest = parse(text.slice(dbl + 2));
    groups = [...head, ...new Array<number>(want - head.length - rest.length).fill(0), ...rest];
  } else {
    groups = parse(text);
  }
  return groups;
}

export function writeIpv6(w: Writer, addr: string): void {
  for (const g of ipv6Groups(addr)) w.u16(g);
}

/** Canonical text of an IPv6 address (RFC 5952), e.g. for comparing user input. */
export function canonicalIpv6(addr: string): string {
  return formatIpv6(ipv6Groups(addr));
}
