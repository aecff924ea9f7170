// Which next hops a Loc-RIB entry puts in the kernel: the best path's, plus those of every other
// learned path that ties with it on everything that matters for forwarding (ECMP).
//
// "Equal" stops before the tie-breakers that only pick one path among equals (oldest eBGP path,
// router id, cluster list, peer address), as FRR's `maximum-paths` does. The neighbouring AS is
// not required to match: in a leaf-spine fabric each ToR usually has its own AS, and two ToRs
// offering the same prefix with the same AS-path length are exactly the paths to spread over
// (FRR calls this `bgp bestpath as-path multipath-relax`).
import type { LocRibEntry } from "../rib/loc-rib.js";
import type { BestPathOptions } from "../rib/best-path.js";
import { BEST_PATH_STEPS, DEFAULT_BEST_PATH_OPTIONS, compareRoutes } from "../rib/best-path.js";
import type { Route } from "../rib/route.js";

const FIRST_TIE_BREAKER = "oldest-ebgp";
const MULTIPATH_STEPS = BEST_PATH_STEPS.slice(
  0,
  BEST_PATH_STEPS.findIndex((s) => s.name === FIRST_TIE_BREAKER),
);

/** Which interface a peer's session runs on, for peers reached by link-local address. */
export type PeerInterface = (peerAddress: string) => string | undefined;

/**
 * The next hop a learned route forwards to: the global one, unless it is link-local or absent
 * and the peer is on a known interface (unnumbered): then the link-local one, scoped
 * `fe80::1%net0` (RFC 4007 §11), since a link-local address means nothing without its link and
 * one learned from a peer can only be on the link the session runs over (RFC 2545 §3).
 */
export function forwardingNextHop(route: Route, peerInterface?: PeerInterface): string | undefined {
  if (route.source.type !== "peer") return undefined;
  const { nextHop, linkLocalNextHop } = route.attributes;
  const onLink = nextHop === undefined || isLinkLocal(nextHop) ? (linkLocalNextHop ?? nextHop) : undefined;
  if (onLink === undefined || !isLinkLocal(onLink)) return nextHop;
  const device = peerInterface?.(route.source.peerAddress);
  return device === undefined ? nextHop : `${onLink}%${device}`;
}

/** fe80::/10 (RFC 4291 §2.5.6). */
function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/**
 * The entry's next hops for the kernel, sorted and without repeats; empty when the prefix is not
 * to be installed: the best path is this node's own (it originates the prefix, the kernel already
 * routes it) or none has a usable next hop.
 */
export function multipathNextHops(
  entry: LocRibEntry | undefined,
  options: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
  peerInterface?: PeerInterface,
): string[] {
  if (!entry || entry.best.source.type !== "peer") return [];
  const hops = new Set<string>();
  for (const route of entry.candidates.values()) {
    if (route !== entry.best && compareRoutes(entry.best, route, options, MULTIPATH_STEPS).result !== 0)
      continue;
    const hop = forwardingNextHop(route, peerInterface);
    if (hop !== undefined) hops.add(hop);
  }
  return [...hops].sort();
}
