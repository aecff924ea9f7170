// The little IPv4 arithmetic the management network needs. Pure.
import { FabricError } from "../errors.js";

export interface Ipv4Subnet {
  readonly network: number; // as an unsigned 32-bit integer
  readonly prefixLength: number;
}

export function parseIpv4(text: string): number {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new FabricError("invalid-ipv4", `${JSON.stringify(text)} is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function parseSubnet(cidr: string): Ipv4Subnet {
  const [addr, len, ...rest] = cidr.split("/");
  const prefixLength = Number(len);
  if (
    addr === undefined ||
    rest.length > 0 ||
    !Number.isInteger(prefixLength) ||
    prefixLength < 0 ||
    prefixLength > 30
  ) {
    throw new FabricError(
      "invalid-ipv4-subnet",
      `${JSON.stringify(cidr)} is not an IPv4 subnet with a prefix of /30 or shorter`,
    );
  }
  const size = 2 ** (32 - prefixLength);
  return { network: parseIpv4(addr) - (parseIpv4(addr) % size), prefixLength };
}

/** The n-th host address of a subnet (1 = first usable), as `a.b.c.d/len`. */
export function hostAddress(subnet: Ipv4Subnet, n: number): string {
  const size = 2 ** (32 - subnet.prefixLength);
  if (!Number.isInteger(n) || n < 1 || n > size - 2) {
    throw new FabricError(
      "mgmt-subnet-full",
      `host ${n} does not fit in ${formatIpv4(subnet.network)}/${subnet.prefixLength}`,
    );
  }
  return `${formatIpv4(subnet.network + n)}/${subnet.prefixLength}`;
}
