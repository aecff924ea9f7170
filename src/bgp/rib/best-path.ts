// Best-path selection (RFC 4271 §9.1.2.2, with the common additions FRR documents in its
// "Route Selection" section) as an ordered list of named comparators (DESIGN §4.6). Each
// comparator returns < 0 when `a` is better, > 0 when `b` is, 0 to defer to the next one;
// the name of the first non-zero one is the reason shown to users.
//
// IGP cost to the next hop (FRR's step after eBGP-over-iBGP) is not modelled: the speaker
// has no IGP and every next hop is directly connected, so it would always tie.

import type { AsPathSegment } from "../model.js";
import { AsPathSegmentType, Origin } from "../model.js";
import { compareBgpIds } from "../bgp-id.js";
import { compareAddresses } from "./address.js";
import type { Route } from "./route.js";
import { isEbgp } from "./route.js";

export interface BestPathOptions {
  /** Compare MED between routes from different neighbouring ASes (FRR `bgp always-compare-med`). */
  readonly alwaysCompareMed: boolean;
  /**
   * Between two eBGP routes otherwise equal, keep the older one to limit churn (FRR's default;
   * `bgp bestpath compare-routerid` turns it off).
   */
  readonly preferOldestExternal: boolean;
}

export const DEFAULT_BEST_PATH_OPTIONS: BestPathOptions = {
  alwaysCompareMed: false,
  preferOldestExternal: true,
};

export interface Comparator {
  readonly name: string;
  readonly compare: (a: Route, b: Route, options: BestPathOptions) => number;
}

/** RFC 4271 §5.1.5: a route without LOCAL_PREF is treated as having the default, 100. */
export const DEFAULT_LOCAL_PREF = 100;

/** RFC 4271 §9.1.2.2 (a): an AS_SET counts as one AS; RFC 5065 §5.3: confed segments as none. */
export function asPathLength(path: readonly AsPathSegment[]): number {
  let n = 0;
  for (const seg of path) {
    if (seg.type === AsPathSegmentType.sequence) n += seg.asns.length;
    else if (seg.type === AsPathSegmentType.set) n += 1;
  }
  return n;
}

/**
 * RFC 4271 §9.1.2.2 (c): the neighbouring AS is the first AS of the AS_PATH (confederation
 * segments skipped). Undefined when the path is empty: the route is from inside our AS.
 */
export function neighborAs(path: readonly AsPathSegment[]): number | undefined {
  for (const seg of path) {
    if (seg.type === AsPathSegmentType.confedSequence || seg.type === AsPathSegmentType.confedSet) continue;
    return seg.asns[0];
  }
  return undefined;
}

const lower = (x: number, y: number) => x - y;

export const BEST_PATH_STEPS: readonly Comparator[] = [
  {
    name: "local-pref",
    compare: (a, b) =>
      lower(b.attributes.localPref ?? DEFAULT_LOCAL_PREF, a.attributes.localPref ?? DEFAULT_LOCAL_PREF),
  },
  {
    // FRR: "prefer local routes", those this speaker originates itself.
    name: "local-origin",
    compare: (a, b) => lower(a.source.type === "local" ? 0 : 1, b.source.type === "local" ? 0 : 1),
  },
  {
    name: "as-path",
    compare: (a, b) => lower(asPathLength(a.attributes.asPath), asPathLength(b.attributes.asPath)),
  },
  {
    // A missing ORIGIN (a malformed route kept anyway) ranks as INCOMPLETE, the least preferred.
    name: "origin",
    compare: (a, b) =>
      lower(a.attributes.origin ?? Origin.incomplete, b.attributes.origin ?? Origin.incomplete),
  },
  {
    // RFC 4271 §9.1.2.2 (c): a missing MED counts as 0, the best value.
    name: "med",
    compare: (a, b, o) => {
      if (!o.alwaysCompareMed && neighborAs(a.attributes.asPath) !== neighborAs(b.attributes.asPath))
        return 0;
      return lower(a.attributes.med ?? 0, b.attributes.med ?? 0);
    },
  },
  { name: "ebgp-over-ibgp", compare: (a, b) => lower(isEbgp(a) ? 0 : 1, isEbgp(b) ? 0 : 1) },
  {
    name: "oldest-ebgp",
    compare: (a, b, o) =>
      o.preferOldestExternal && isEbgp(a) && isEbgp(b) ? lower(a.receivedAt, b.receivedAt) : 0,
  },
  {
    // RFC 4456 §9: with route reflection the ORIGINATOR_ID stands in for the router id.
    name: "router-id",
    compare: (a, b) => compareBgpIds(routerId(a), routerId(b)),
  },
  {
    name: "cluster-list",
    compare: (a, b) => lower(a.attributes.clusterList?.length ?? 0, b.attributes.clusterList?.length ?? 0),
  },
  { name: "peer-address", compare: (a, b) => compareAddresses(peerAddress(a), peerAddress(b)) },
];

function routerId(r: Route): string {
  return r.attributes.originatorId ?? (r.source.type === "peer" ? r.source.peerBgpId : "0.0.0.0");
}

function peerAddress(r: Route): string {
  return r.source.type === "peer" ? r.source.peerAddress : "0.0.0.0";
}

/** Compare two routes; `step` names the comparator that decided, or "equal". */
export function compareRoutes(
  a: Route,
  b: Route,
  options: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
  steps: readonly Comparator[] = BEST_PATH_STEPS,
): { result: number; step: string } {
  for (const c of steps) {
    const result = c.compare(a, b, options);
    if (result !== 0) return { result, step: c.name };
  }
  return { result: 0, step: "equal" };
}

export interface Selection {
  readonly best: Route;
  /** The comparator that decided the last comparison the winner took part in, as FRR reports it. */
  readonly reason: string;
}

/**
 * The best of the candidates, compared pairwise in iteration order (as FRR does without
 * `deterministic-med`; MED makes the order matter when neighbouring ASes differ).
 * A single candidate wins with reason "only-path"; on a full tie the earlier one stays.
 */
export function selectBest(
  candidates: Iterable<Route>,
  options: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
): Selection | undefined {
  let best: Route | undefined;
  let reason = "only-path";
  for (const r of candidates) {
    if (!best) {
      best = r;
      continue;
    }
    const { result, step } = compareRoutes(best, r, options);
    reason = step;
    if (result > 0) best = r;
  }
  return best && { best, reason };
}
