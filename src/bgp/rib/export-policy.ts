// What one peer receives of a Loc-RIB best path (RFC 4271 §9.1.3 Phase 3, §5.1): which
// routes go out and how their attributes change on the way. No route reflection, no
// confederations, no user policy beyond the per-peer choice of locally originated prefixes.

import type { RouteAttributes } from "../config/speaker-config.js";
import type { AfiName, AsPathSegment, PathAttributes } from "../model.js";
import { AsPathSegmentType, WELL_KNOWN_COMMUNITIES } from "../model.js";
import { DEFAULT_LOCAL_PREF } from "./best-path.js";
import { originAttributes } from "./local-routes.js";
import type { Route } from "./route.js";
import { isIbgp } from "./route.js";

export interface ExportPeer {
  readonly address: string;
  readonly asn: number;
  /** Our addresses on this session, used where we become the next hop, per family. */
  readonly nextHop: { readonly ipv4?: string; readonly ipv6?: string; readonly ipv6LinkLocal?: string };
  /**
   * Which locally originated prefixes (by prefixKey) this peer gets, with the attributes its
   * own advertisements give them (Cilium selects advertisements per peer). Absent: every
   * local route, with the attributes it was originated with.
   */
  readonly originated?: ReadonlyMap<string, RouteAttributes>;
  /** false: only locally originated routes go out, as Cilium's speaker does. Default true. */
  readonly exportLearned?: boolean;
}

export interface ExportContext {
  readonly localAsn: number;
}

export type ExportDecision =
  | { readonly type: "advertise"; readonly attributes: PathAttributes }
  | { readonly type: "reject"; readonly reason: string };

const reject = (reason: string): ExportDecision => ({ type: "reject", reason });

/** RFC 4271 §5.1.2: our AS goes first, into the leading AS_SEQUENCE while it has room. */
export function prependAs(path: readonly AsPathSegment[], asn: number): AsPathSegment[] {
  const first = path[0];
  if (first && first.type === AsPathSegmentType.sequence && first.asns.length < 255) {
    return [{ type: AsPathSegmentType.sequence, asns: [asn, ...first.asns] }, ...path.slice(1)];
  }
  return [{ type: AsPathSegmentType.sequence, asns: [asn] }, ...path];
}

function ourNextHop(
  peer: ExportPeer,
  afi: AfiName,
): Pick<PathAttributes, "nextHop" | "linkLocalNextHop"> | undefined {
  if (afi === "ipv4") return ipv4NextHop(peer);
  if (peer.nextHop.ipv6 === undefined) return undefined;
  return {
    nextHop: peer.nextHop.ipv6,
    ...(peer.nextHop.ipv6LinkLocal === undefined ? {} : { linkLocalNextHop: peer.nextHop.ipv6LinkLocal }),
  };
}

/** An IPv4 route's next hop; an IPv6 one (RFC 8950) keeps our link-local address beside it. */
function ipv4NextHop(peer: ExportPeer): Pick<PathAttributes, "nextHop" | "linkLocalNextHop"> | undefined {
  const { ipv4, ipv6, ipv6LinkLocal } = peer.nextHop;
  if (ipv4 === undefined) return undefined;
  const withLinkLocal = ipv4 === ipv6 && ipv6LinkLocal !== undefined;
  return withLinkLocal ? { nextHop: ipv4, linkLocalNextHop: ipv6LinkLocal } : { nextHop: ipv4 };
}

export function exportRoute(route: Route, peer: ExportPeer, ctx: ExportContext): ExportDecision {
  const ebgpPeer = peer.asn !== ctx.localAsn;
  const source = route.source;
  if (source.type === "peer" && source.peerAddress === peer.address) return reject("learned from this peer");
  if (source.type === "peer" && peer.exportLearned === false)
    return reject("learned routes are not exported");
  // RFC 4271 §9.2: without route reflection, iBGP-learned routes do not go to iBGP peers.
  if (!ebgpPeer && isIbgp(route)) return reject("iBGP route to an iBGP peer");

  let base = route.attributes;
  if (source.type === "local" && peer.originated) {
    const attrs = peer.originated.get(route.key);
    if (!attrs) return reject("not advertised to this peer");
    base = originAttributes(attrs);
  }
  // RFC 1997: NO_ADVERTISE goes to nobody, NO_EXPORT (and, without confederations,
  // NO_EXPORT_SUBCONFED) stays inside the AS.
  const communities = base.communities;
  if (communities.includes(WELL_KNOWN_COMMUNITIES["no-advertise"])) return reject("NO_ADVERTISE community");
  if (
    ebgpPeer &&
    (communities.includes(WELL_KNOWN_COMMUNITIES["no-export"]) ||
      communities.includes(WELL_KNOWN_COMMUNITIES["no-export-subconfed"]))
  ) {
    return reject("NO_EXPORT community");
  }

  const nextHop = ourNextHop(peer, route.prefix.afi);
  if (ebgpPeer) {
    if (!nextHop) return reject(`no local ${route.prefix.afi} next hop for this peer`);
    // RFC 4271 §5.1.5 LOCAL_PREF and RFC 4456 ORIGINATOR_ID/CLUSTER_LIST stay inside the AS;
    // §5.1.4: a MED learned from another AS is not passed on to a third one.
    const {
      localPref: _lp,
      originatorId: _oid,
      clusterList: _cl,
      nextHop: _nh,
      linkLocalNextHop: _ll,
      med,
      ...rest
    } = base;
    return {
      type: "advertise",
      attributes: {
        ...rest,
        asPath: prependAs(base.asPath, ctx.localAsn),
        ...nextHop,
        ...(med !== undefined && source.type === "local" ? { med } : {}),
      },
    };
  }
  // iBGP (RFC 4271 §5.1.3): the next hop of an eBGP-learned route is passed on unchanged; we
  // are the next hop of what we originate. LOCAL_PREF is always present (§5.1.5).
  if (source.type === "local" && !nextHop)
    return reject(`no local ${route.prefix.afi} next hop for this peer`);
  return {
    type: "advertise",
    attributes: {
      ...base,
      localPref: base.localPref ?? DEFAULT_LOCAL_PREF,
      ...(source.type === "local" ? nextHop : {}),
    },
  };
}
