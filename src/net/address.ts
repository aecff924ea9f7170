// IPv4 and IPv6 addresses as values: parsed once where text enters fabric (lab files, manifests,
// the speaker config, `ip -json` output), then compared, masked and formatted as numbers. An
// address is a bigint plus its family, so both families share one code path for masks and
// order. ipaddr.js does the parsing and RFC 5952 formatting; this module puts a strict gate in
// front of it, because ipaddr.js also accepts forms that mean different things to different
// tools (see `parseIpv4`) and we want one answer for every text everywhere in fabric.
import ipaddr from "ipaddr.js";

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** The address as an unsigned integer (32 or 128 bits). */
  readonly value: bigint;
}

export type Ipv4Address = IpAddress & { readonly family: 4 };
export type Ipv6Address = IpAddress & { readonly family: 6 };

export function bitsOf(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

export function bytesOf(family: IpFamily): 4 | 16 {
  return family === 4 ? 4 : 16;
}

// Four decimal octets with no leading zeros. ipaddr.js alone would read `010.0.0.1` as octal
// (8.0.0.1), `0x0a.0.0.1` as hex and `10.1` as 10.0.0.1, as inet_aton does; iproute2, FRR and
// Kubernetes disagree among themselves about those forms, so fabric refuses them all.
const DOTTED_QUAD = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;

/** A dotted quad `a.b.c.d` (each 0..255, no leading zeros), or undefined. */
export function parseIpv4(text: string): Ipv4Address | undefined {
  if (!DOTTED_QUAD.test(text)) return undefined;
  const octets = attempt(() => ipaddr.IPv4.parse(text).octets); // refuses octets above 255
  return octets === undefined ? undefined : { family: 4, value: fromOctets(octets) };
}

/** ipaddr.js reports a malformed address by throwing; `isValid` would parse a second time. */
function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/**
 * RFC 4291 §2.2 text: eight hex groups, one `::` for a run of zero groups, optionally a dotted
 * quad for the low 32 bits (`::ffff:192.0.2.1`). Refused: zone ids (`fe80::1%eth0`: an address
 * of a link, not of the fabric) and a dotted tail that `parseIpv4` refuses. The tail is
 * rewritten as two groups before ipaddr.js sees it, because ipaddr.js reads `::1.2.3.4` as
 * `::ffff:1.2.3.4`, which is a different address.
 */
export function parseIpv6(text: string): Ipv6Address | undefined {
  if (text.includes("%") || !text.includes(":")) return undefined;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  let hexText = text;
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    const high = (v4.value >> 16n).toString(16);
    const low = (v4.value & 0xffffn).toString(16);
    hexText = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const parts = attempt(() => ipaddr.IPv6.parse(hexText).parts);
  if (parts === undefined) return undefined;
  return { family: 6, value: BigInt(`0x${parts.map((g) => g.toString(16).padStart(4, "0")).join("")}`) };
}

/** Either family; the text decides (a colon can only be IPv6). */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

export function isIp(text: string): boolean {
  return parseIp(text) !== undefined;
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

export function isIpv6(text: string): boolean {
  return parseIpv6(text) !== undefined;
}

/** The family of a valid address text; undefined for anything `parseIp` refuses. */
export function familyOf(text: string): IpFamily | undefined {
  return parseIp(text)?.family;
}

/** Dotted quad for IPv4; RFC 5952 §4 for IPv6 (lower case, longest zero run as `::`). */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) return toBytes(address).join(".");
  const hex = address.value.toString(16).padStart(32, "0");
  const groups: number[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16));
  return new ipaddr.IPv6(groups).toRFC5952String();
}

/** The canonical text of an address text (`2001:DB8:0::1` → `2001:db8::1`), or undefined. */
export function canonicalIp(text: string): string | undefined {
  const address = parseIp(text);
  return address === undefined ? undefined : formatIp(address);
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}

/** Negative when `a` sorts first: IPv4 before IPv6, then numerically (10.0.0.9 < 10.0.0.10). */
export function compareIp(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Network byte order: 4 octets for IPv4, 16 for IPv6 (as the BGP wire carries them). */
export function toBytes(address: IpAddress): number[] {
  // Through a number or a hex string rather than bigint shifts: this runs for every prefix the
  // BGP codec writes or reads.
  if (address.family === 4) {
    const n = Number(address.value);
    return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  }
  const hex = address.value.toString(16).padStart(32, "0");
  const out: number[] = [];
  for (let i = 0; i < 32; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** The address in 4 or 16 octets of network byte order; other lengths are a caller's bug. */
export function fromBytes(bytes: readonly number[]): IpAddress {
  if (bytes.length === 4) return { family: 4, value: fromOctets(bytes) };
  if (bytes.length === 16) return { family: 6, value: fromOctets(bytes) };
  throw new RangeError(`an IP address is 4 or 16 octets, not ${bytes.length}`);
}

function fromOctets(bytes: readonly number[]): bigint {
  if (bytes.length === 4) {
    return BigInt(
      (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0,
    );
  }
  return BigInt(`0x${bytes.map((b) => (b & 0xff).toString(16).padStart(2, "0")).join("")}`);
}

const MAPPED_PREFIX = 0xffffn << 32n;

/**
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, RFC 4291 §2.5.5.2) as the IPv4 address it
 * stands for, which is how a dual-stack socket reports an IPv4 peer; any other address as is.
 */
export function unmapIpv4(address: IpAddress): IpAddress {
  if (address.family === 6 && address.value >> 32n === MAPPED_PREFIX >> 32n) {
    return { family: 4, value: address.value & 0xffffffffn };
  }
  return address;
}
