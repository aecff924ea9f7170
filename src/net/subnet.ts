// Carving a prefix: the /24 PodCIDRs of a kind pod subnet, the n-th host address of a
// management subnet or a PodCIDR. Counts are bigints because an IPv6 prefix holds more than
// 2^53 of anything.
import { FabricError } from "../errors.js";
import { bitsOf, formatIp, type IpAddress } from "./address.js";
import { cidrContains, formatCidr, type Cidr } from "./prefix.js";

function sizeOf(cidr: Cidr): bigint {
  return 1n << BigInt(bitsOf(cidr.address.family) - cidr.prefixLength);
}

/** How many prefixes of `length` fit in `cidr` (0 when `length` is shorter than the prefix's). */
export function subnetCount(cidr: Cidr, length: number): bigint {
  const bits = bitsOf(cidr.address.family);
  if (!Number.isInteger(length) || length < cidr.prefixLength || length > bits) return 0n;
  return 1n << BigInt(length - cidr.prefixLength);
}

/** The first `n` prefixes of `length` in `cidr`, in address order; throws when fewer fit. */
export function carve(cidr: Cidr, length: number, n: number): Cidr[] {
  if (BigInt(n) > subnetCount(cidr, length)) {
    throw new RangeError(`${formatCidr(cidr)} holds fewer than ${n} /${length}s`);
  }
  const step = 1n << BigInt(bitsOf(cidr.address.family) - length);
  return Array.from({ length: n }, (_, i) => ({
    address: { family: cidr.address.family, value: cidr.address.value + BigInt(i) * step },
    prefixLength: length,
  }));
}

/**
 * How many addresses of `cidr` can be given to hosts: all but the network address, and for
 * IPv4 also the broadcast address (so a /31 or /32 has none).
 */
export function usableHosts(cidr: Cidr): bigint {
  const reserved = cidr.address.family === 4 ? 2n : 1n;
  const size = sizeOf(cidr);
  return size > reserved ? size - reserved : 0n;
}

/** The n-th host address of `cidr` (1 = the first after the network address). */
export function hostAddress(cidr: Cidr, n: number | bigint): IpAddress {
  const index = BigInt(n);
  if (index < 1n || index > usableHosts(cidr)) {
    throw new FabricError("subnet-full", `host ${index} does not fit in ${formatCidr(cidr)}`);
  }
  return { family: cidr.address.family, value: cidr.address.value + index };
}

/** `address` written with the subnet's length (`172.20.20.2/24`), as `ip addr add` takes it. */
export function interfaceText(address: IpAddress, cidr: Cidr): string {
  return `${formatIp(address)}/${cidr.prefixLength}`;
}

/** Where `address` sits in `cidr` (0 = the network address), or undefined when outside it. */
export function hostIndex(cidr: Cidr, address: IpAddress): bigint | undefined {
  return cidrContains(cidr, address) ? address.value - cidr.address.value : undefined;
}

/**
 * The prefix of the same length `n` places after `cidr` (`172.20.20.0/24`, 1 → `172.20.21.0/24`),
 * or undefined when that runs past the end of the address family.
 */
export function nextCidr(cidr: Cidr, n: number): Cidr | undefined {
  const family = cidr.address.family;
  const step = 1n << BigInt(bitsOf(family) - cidr.prefixLength);
  const value = cidr.address.value + BigInt(n) * step;
  if (value < 0n || value >= 1n << BigInt(bitsOf(family))) return undefined;
  return { address: { family, value }, prefixLength: cidr.prefixLength };
}
