// Addresses of this network namespace: an Interface advertisement announces its interface's
// addresses (as Cilium does, each as a host route), and a session's next hop for the other
// family is found on the interface that carries the session.

import os from "node:os";
import {
  canonicalIp,
  cidrContains,
  familyOf,
  formatCidr,
  formatIp,
  hostCidr,
  requireCidr,
  parseIp,
} from "../../net/index.js";

/** RFC 4291 §2.5.6: IPv6 link-local unicast. */
const LINK_LOCAL = requireCidr("fe80::/10", "the link-local prefix");

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
      const address = parseIp(a.address);
      if (address === undefined) continue;
      out.push({
        interfaceName: name,
        address: formatIp(address),
        family: address.family === 4 ? "ipv4" : "ipv6",
        linkLocal: cidrContains(LINK_LOCAL, address),
      });
    }
  }
  return out;
}

/** Host prefixes for the interface's global addresses; link-local ones are not routable. */
export function interfacePrefixes(source: AddressSource, interfaceName: string): string[] {
  return source()
    .filter((a) => a.interfaceName === interfaceName && !a.linkLocal)
    .flatMap((a) => {
      const address = parseIp(a.address);
      return address === undefined ? [] : [formatCidr(hostCidr(address))];
    });
}

export interface NextHops {
  readonly ipv4?: string;
  readonly ipv6?: string;
  /** Our link-local address, sent beside a global IPv6 next hop (RFC 2545 §3). */
  readonly ipv6LinkLocal?: string;
}

/**
 * Our next hop per family on a session whose local address is `local`: that address for its own
 * family, and a global address of the other family on the same interface (RFC 4760 §3: the next
 * hop of an MP_REACH route is an address of its family unless RFC 8950 says otherwise).
 */
export function nextHopsFor(source: AddressSource, scopedLocal: string, extendedNextHop: boolean): NextHops {
  // Node names a link-local socket address with its zone, `fe80::1%net0` (RFC 4007 §11).
  const local = scopedLocal.replace(/%.*$/, "");
  const canonical = canonicalIp(local);
  const mine = source().find((a) => canonicalIp(a.address) === canonical);
  const sibling = (family: "ipv4" | "ipv6"): string | undefined =>
    mine === undefined
      ? undefined
      : source().find((a) => a.interfaceName === mine.interfaceName && a.family === family && !a.linkLocal)
          ?.address;
  if (mine?.linkLocal) return linkLocalNextHops(local, sibling, extendedNextHop);
  if (familyOf(local) === 6) {
    // RFC 8950: with the capability negotiated an IPv4 route may carry our IPv6 address.
    const ipv4 = sibling("ipv4") ?? (extendedNextHop ? local : undefined);
    return { ipv6: local, ...(ipv4 === undefined ? {} : { ipv4 }) };
  }
  const ipv6 = sibling("ipv6");
  return { ipv4: local, ...(ipv6 === undefined ? {} : { ipv6 }) };
}

/**
 * A session over a link-local address (unnumbered): the next hop is our global IPv6 address on
 * that interface with the link-local beside it, or the link-local alone when there is no global
 * one (what FRR accepts from an interface neighbor); IPv4 routes carry the same with RFC 8950's
 * extended next hop.
 */
function linkLocalNextHops(
  local: string,
  sibling: (family: "ipv4" | "ipv6") => string | undefined,
  extendedNextHop: boolean,
): NextHops {
  const global = sibling("ipv6");
  const ipv6 = global ?? local;
  const ipv4 = sibling("ipv4") ?? (extendedNextHop ? ipv6 : undefined);
  return {
    ipv6,
    ...(global === undefined ? {} : { ipv6LinkLocal: local }),
    ...(ipv4 === undefined ? {} : { ipv4 }),
  };
}
