// Turning an Adj-RIB-Out diff into UPDATE messages: routes with equal attributes share one
// UPDATE (RFC 4271 §4.3: one set of attributes, many NLRI), IPv4 with an IPv4 next hop goes in
// the classic NLRI field, everything else in MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §3-4),
// and no message outgrows the 4096-octet limit (RFC 4271 §4).

import type { AdvertisedRoute, RibOutDiff } from "../rib/index.js";
import type { AfiName, PathAttributes, Prefix } from "../model.js";
import { familyOf } from "../../net/index.js";
import { AFI, EMPTY_ATTRIBUTES, SAFI } from "../model.js";
import type { UpdateMessage } from "../wire/index.js";

/** Header (19) + two length fields (4) + headroom for the MP attribute headers. */
const FIXED_OCTETS = 19 + 4 + 40;
const MAX_MESSAGE = 4096;
/** Worst-case NLRI octets per prefix: length octet plus the whole address. */
const PREFIX_OCTETS: Record<AfiName, number> = { ipv4: 5, ipv6: 17 };

function attributeOctets(a: PathAttributes): number {
  const asns = a.asPath.reduce((n, s) => n + s.asns.length, 0);
  const unknown = a.unknown.reduce((n, u) => n + u.value.length + 4, 0);
  // Generous per-attribute overhead (flags, type, extended length) plus every value.
  return 64 + 4 * asns + 4 * a.communities.length + 12 * a.largeCommunities.length + unknown;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Stable identity for grouping: attributes as JSON (they are plain data). */
function attributeKey(afi: AfiName, a: PathAttributes): string {
  return JSON.stringify([afi, a], (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
}

function announceMessage(afi: AfiName, attributes: PathAttributes, prefixes: Prefix[]): UpdateMessage {
  const nextHop = attributes.nextHop ?? "";
  if (afi === "ipv4" && familyOf(nextHop) !== 6) {
    return { type: "update", withdrawnRoutes: [], attributes, nlri: prefixes };
  }
  // MP_REACH carries the next hop; no NEXT_HOP attribute (RFC 4760 §3: it SHOULD NOT be sent).
  const { nextHop: _nh, linkLocalNextHop, ...rest } = attributes;
  return {
    type: "update",
    withdrawnRoutes: [],
    attributes: { ...rest },
    nlri: [],
    mpReach: {
      afi: AFI[afi],
      safi: SAFI.unicast,
      nextHop,
      ...(linkLocalNextHop === undefined ? {} : { linkLocalNextHop }),
      prefixes,
    },
  };
}

function withdrawMessage(afi: AfiName, prefixes: Prefix[]): UpdateMessage {
  if (afi === "ipv4")
    return { type: "update", withdrawnRoutes: prefixes, attributes: EMPTY_ATTRIBUTES, nlri: [] };
  return {
    type: "update",
    withdrawnRoutes: [],
    attributes: EMPTY_ATTRIBUTES,
    nlri: [],
    mpUnreach: { afi: AFI[afi], safi: SAFI.unicast, prefixes },
  };
}

/** Withdrawals first (they free the peer's memory), then announcements grouped by attributes. */
export function buildUpdates(diff: RibOutDiff): UpdateMessage[] {
  const out: UpdateMessage[] = [];
  for (const afi of ["ipv4", "ipv6"] as const) {
    const withdrawn = diff.withdraw.filter((p) => p.afi === afi);
    const per = Math.floor((MAX_MESSAGE - FIXED_OCTETS) / PREFIX_OCTETS[afi]);
    for (const part of chunk(withdrawn, per)) out.push(withdrawMessage(afi, part));
  }
  const groups = new Map<string, { afi: AfiName; attributes: PathAttributes; prefixes: Prefix[] }>();
  for (const adv of diff.announce) group(groups, adv);
  for (const g of groups.values()) {
    const room = MAX_MESSAGE - FIXED_OCTETS - attributeOctets(g.attributes);
    const per = Math.max(1, Math.floor(room / PREFIX_OCTETS[g.afi]));
    for (const part of chunk(g.prefixes, per)) out.push(announceMessage(g.afi, g.attributes, part));
  }
  return out;
}

function group(
  groups: Map<string, { afi: AfiName; attributes: PathAttributes; prefixes: Prefix[] }>,
  adv: AdvertisedRoute,
): void {
  const afi = adv.prefix.afi;
  const key = attributeKey(afi, adv.attributes);
  const g = groups.get(key);
  if (g) g.prefixes.push(adv.prefix);
  else groups.set(key, { afi, attributes: adv.attributes, prefixes: [adv.prefix] });
}
