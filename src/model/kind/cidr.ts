// Small, pure IPv4 helpers for the cluster plan: parse addresses and CIDRs, carve /24s out of a
// pod subnet, and recognise IPv6 so it can be refused with a clear message (IPv4 only for now).
// Numbers are kept as unsigned 32-bit integers; `>>> 0` keeps them unsigned after bit operations.

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefixLength: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** `10.1.2.3` → 0x0a010203, or undefined when it is not a dotted quad (no leading zeros). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join(".");
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

/** Loose but sufficient IPv6 recognition: hex groups and colons, at most one `::`. */
export function isIpv6(text: string): boolean {
  const address = text.split("/")[0] ?? "";
  if (!address.includes(":") || !/^[0-9a-fA-F:.]+$/.test(address) || address.includes(":::")) return false;
  const doubleColons = address.split("::").length - 1;
  if (doubleColons > 1) return false;
  const groups = address.split(":").filter((g) => g !== "");
  const last = groups[groups.length - 1];
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) counts as two groups.
  const tailIsV4 = last !== undefined && last.includes(".");
  if (tailIsV4 && !isIpv4(last)) return false;
  const hexGroups = tailIsV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (tailIsV4 ? 2 : 0);
  return doubleColons === 1 ? count < 8 : count === 8;
}

export function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

export type CidrParse =
  | { readonly ok: true; readonly cidr: Ipv4Cidr }
  | { readonly ok: false; readonly reason: "ipv6" | "syntax" | "host-bits"; readonly network?: string };

/**
 * Parse an IPv4 CIDR. Host bits must be zero, as kubeadm requires of a pod subnet; when they are
 * not, `network` carries the address the user probably meant.
 */
export function parseIpv4Cidr(text: string): CidrParse {
  if (isIpv6(text)) return { ok: false, reason: "ipv6" };
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  const address = match?.[1] === undefined ? undefined : parseIpv4(match[1]);
  const prefixLength = Number(match?.[2]);
  if (address === undefined || !(prefixLength >= 0 && prefixLength <= 32)) {
    return { ok: false, reason: "syntax" };
  }
  const network = (address & maskOf(prefixLength)) >>> 0;
  if (network !== address) {
    return { ok: false, reason: "host-bits", network: `${formatIpv4(network)}/${prefixLength}` };
  }
  return { ok: true, cidr: { network, prefixLength } };
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

/** How many /24s fit in `cidr` (0 when its prefix is longer than /24). */
export function count24(cidr: Ipv4Cidr): number {
  return cidr.prefixLength > 24 ? 0 : 2 ** (24 - cidr.prefixLength);
}

/** The first `n` /24s of `cidr`, in address order; throws when they do not fit (check count24). */
export function carve24(cidr: Ipv4Cidr, n: number): string[] {
  if (n > count24(cidr)) throw new RangeError(`${formatCidr(cidr)} holds fewer than ${n} /24s`);
  return Array.from({ length: n }, (_, i) => `${formatIpv4(cidr.network + i * 256)}/24`);
}

/** `address/32` for IPv4, `address/128` for IPv6: how a single address is advertised. */
export function hostPrefix(address: string): string {
  return isIpv6(address) ? `${address}/128` : `${address}/32`;
}
