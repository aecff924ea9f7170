// IP prefixes (`10.1.0.0/24`, `2001:db8::/32`) as values: a network address and a length.
// Parsing says what is wrong in a way each caller can turn into its own diagnostic; formatting
// goes through formatIp, so two texts for one prefix (`2001:db8:0::/48`, `2001:DB8::/48`)
// always come out the same.
import { FabricError } from "../errors.js";
import { bitsOf, formatIp, parseIp, type IpAddress, type IpFamily } from "./address.js";

export interface Cidr {
  /** The network address: host bits are zero. */
  readonly address: IpAddress;
  readonly prefixLength: number;
}

export const CidrError = {
  badSyntax: "bad-syntax",
  badAddress: "bad-address",
  badPrefix: "bad-prefix",
  hostBits: "host-bits",
} as const;
export type CidrError = (typeof CidrError)[keyof typeof CidrError];

export type CidrResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | {
      readonly ok: false;
      readonly error: CidrError;
      readonly message: string;
      /** With `host-bits`: the prefix the text probably meant. */
      readonly network?: Cidr;
    };

/** The mask of a prefix length, as an integer of the family's width. */
export function maskOf(family: IpFamily, prefixLength: number): bigint {
  const bits = BigInt(bitsOf(family));
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefixLength))) & all;
}

/** The prefix of `address` with `prefixLength` bits: the address with its host bits cleared. */
export function networkOf(address: IpAddress, prefixLength: number): Cidr {
  const value = address.value & maskOf(address.family, prefixLength);
  return { address: { family: address.family, value }, prefixLength };
}

/** A single address as a prefix: `/32` for IPv4, `/128` for IPv6 (how one address is routed). */
export function hostCidr(address: IpAddress): Cidr {
  return { address, prefixLength: bitsOf(address.family) };
}

/**
 * `address/length`. With `strict` (the default) the address must be the network address, as a
 * subnet in a configuration file should be: `10.0.0.1/24` is refused with `host-bits`. Without
 * it the host bits are cleared (`10.0.0.1/24` → `10.0.0.0/24`).
 */
export function parseCidr(text: string, options: { strict?: boolean } = {}): CidrResult {
  const strict = options.strict ?? true;
  const slash = text.indexOf("/");
  if (slash < 0 || slash !== text.lastIndexOf("/")) {
    return {
      ok: false,
      error: CidrError.badSyntax,
      message: `"${text}" is not in address/prefix-length form`,
    };
  }
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const address = parseIp(addressText);
  if (!address) {
    return { ok: false, error: CidrError.badAddress, message: `"${addressText}" is not an IP address` };
  }
  const max = bitsOf(address.family);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > max) {
    return {
      ok: false,
      error: CidrError.badPrefix,
      message: `prefix length "${lengthText}" is not between 0 and ${max} for an IPv${address.family} address`,
    };
  }
  const cidr = networkOf(address, Number(lengthText));
  if (strict && cidr.address.value !== address.value) {
    return {
      ok: false,
      error: CidrError.hostBits,
      message: `${text} has host bits set; the network is ${formatCidr(cidr)}`,
      network: cidr,
    };
  }
  return { ok: true, cidr };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.address)}/${cidr.prefixLength}`;
}

/** The canonical text of a prefix text (`2001:DB8:0::/48` → `2001:db8::/48`), or undefined. */
export function canonicalCidr(text: string): string | undefined {
  const parsed = parseCidr(text);
  return parsed.ok ? formatCidr(parsed.cidr) : undefined;
}

/**
 * For prefixes fabric planned or checked earlier (a lab record, a PodCIDR from the plan or the
 * API server): one that does not parse means a corrupted record or a bug, so it throws.
 */
export function requireCidr(text: string, what: string): Cidr {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  throw new FabricError("invalid-prefix", `${what} ${JSON.stringify(text)}: ${parsed.message}`);
}

/** Whether `address` lies inside `cidr` (always false across families). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.address.family !== address.family) return false;
  const mask = maskOf(cidr.address.family, cidr.prefixLength);
  return (address.value & mask) === (cidr.address.value & mask);
}
