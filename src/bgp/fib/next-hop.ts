// Turning a BGP next hop into a kernel gateway. Linux takes `via X` only when X is on a
// connected network ("Nexthop has invalid gateway" otherwise) and does no recursive lookup,
// while an iBGP next hop is often a ToR's loopback, reached over a static or learned route.
// So the next hop is resolved here, once per batch, against the namespace's own table: the
// longest-prefix route to it gives the gateway (the next hop itself when the route is connected)
// and the device.
import { bitsOf, cidrContains, familyOf, parseCidr, parseIp, type Cidr } from "../../net/index.js";

/** One route of `ip -json route show`, the fields read here. */
export interface KernelTableRoute {
  /** Which table it was read from: `default` reads the same in both. */
  readonly family?: 4 | 6;
  readonly dst: string;
  readonly type?: string;
  readonly gateway?: string;
  readonly dev?: string;
  readonly protocol?: string;
  readonly nexthops?: readonly { readonly gateway?: string; readonly dev?: string }[];
}

/** Where the kernel sends a packet for a next hop: `via gateway dev dev`. */
export interface Gateway {
  readonly via: string;
  readonly dev?: string;
}

function dstCidr(route: KernelTableRoute, family: 4 | 6): Cidr | undefined {
  const dst = route.dst;
  if (dst === "default") {
    const own = route.family ?? familyOf(route.gateway ?? route.nexthops?.[0]?.gateway ?? "");
    if (own !== family) return undefined;
    const zero = parseIp(family === 4 ? "0.0.0.0" : "::");
    return zero && { address: zero, prefixLength: 0 };
  }
  const text = dst.includes("/") ? dst : `${dst}/${bitsOf(family)}`;
  const parsed = parseCidr(text, { strict: false });
  return parsed.ok ? parsed.cidr : undefined;
}

/**
 * The gateway for `nextHop` from the namespace's routes, or undefined when nothing routes it.
 * Routes of `ownProtocol` (what this FIB installed) are skipped: a learned route must never be
 * the way to its own next hop.
 */
export function resolveNextHop(
  nextHop: string,
  table: readonly KernelTableRoute[],
  ownProtocol: ReadonlySet<string>,
): Gateway | undefined {
  // A scoped link-local next hop (`fe80::1%net0`, from an unnumbered session) is on that link.
  const scoped = /^([^%]+)%(.+)$/.exec(nextHop);
  if (scoped?.[1] !== undefined && scoped[2] !== undefined) return { via: scoped[1], dev: scoped[2] };
  const address = parseIp(nextHop);
  if (!address) return undefined;
  let best: { route: KernelTableRoute; length: number } | undefined;
  for (const route of table) {
    if ((route.type ?? "unicast") !== "unicast") continue;
    if (route.protocol !== undefined && ownProtocol.has(route.protocol)) continue;
    const cidr = dstCidr(route, address.family);
    if (!cidr || !cidrContains(cidr, address)) continue;
    if (!best || cidr.prefixLength > best.length) best = { route, length: cidr.prefixLength };
  }
  if (!best) return undefined;
  const r = best.route;
  const hop = r.nexthops?.[0] ?? r;
  if (hop.gateway !== undefined) return { via: hop.gateway, ...(hop.dev ? { dev: hop.dev } : {}) };
  // A connected route: the next hop is a neighbour on that link.
  return { via: nextHop, ...(hop.dev ? { dev: hop.dev } : {}) };
}
