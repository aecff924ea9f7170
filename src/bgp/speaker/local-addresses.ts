// Addresses of this network namespace: an Interface advertisement announces its interface's
// addresses (as Cilium does, each as a host route), and a session's next hop for the other
// family is found on the interface that carries the session.

import os from "node:os";

export interface InterfaceAddress {
  readonly interfaceName: string;
  readonly address: string;
  readonly family: "ipv4" | "ipv6";
  readonly linkLocal: boolean;
}

export type AddressSource = () => readonly InterfaceAddress[];

export const systemAddresses: AddressSource = () => readAddresses(os.networkInterfaces());

/** os.networkInterfaces() as the speaker needs it (the caller picks the namespace it runs in). */
export function readAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const a of list ?? []) {
      const family = a.family === "IPv4" ? "ipv4" : "ipv6";
      out.push({
        interfaceName: name,
        address: a.address.toLowerCase(),
        family,
        linkLocal: family === "ipv6" && a.address.toLowerCase().startsWith("fe80:"),
      });
    }
  }
  return out;
}

/** Host prefixes for the interface's global addresses; link-local ones are not routable. */
export function interfacePrefixes(source: AddressSource, interfaceName: string): string[] {
  return source()
    .filter((a) => a.interfaceName === interfaceName && !a.linkLocal)
    .map((a) => `${a.address}/${a.family === "ipv4" ? 32 : 128}`);
}

export interface NextHops {
  readonly ipv4?: string;
  readonly ipv6?: string;
}

/**
 * Our next hop per family on a session whose local address is `local`: that address for its own
 * family, and a global address of the other family on the same interface (RFC 4760 §3: the next
 * hop of an MP_REACH route is an address of its family unless RFC 8950 says otherwise).
 */
export function nextHopsFor(source: AddressSource, local: string, extendedNextHop: boolean): NextHops {
  const mine = source().find((a) => a.address === local.toLowerCase());
  const sibling = (family: "ipv4" | "ipv6"): string | undefined =>
    mine === undefined
      ? undefined
      : source().find((a) => a.interfaceName === mine.interfaceName && a.family === family && !a.linkLocal)
          ?.address;
  if (local.includes(":")) {
    // RFC 8950: with the capability negotiated an IPv4 route may carry our IPv6 address.
    const ipv4 = sibling("ipv4") ?? (extendedNextHop ? local : undefined);
    return { ipv6: local, ...(ipv4 === undefined ? {} : { ipv4 }) };
  }
  const ipv6 = sibling("ipv6");
  return { ipv4: local, ...(ipv6 === undefined ? {} : { ipv6 }) };
}
