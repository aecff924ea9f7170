// The FRR adapter: what FRR's `show bgp … json` prints, checked against schemas of the fields
// fabric reads (FRR prints many more; they are ignored, not refused) and turned into small typed
// facts. Everything that asks an FRR router about BGP — checks, deploy's convergence wait, the
// wait before speakers dial, `fabric test`'s probe — reads through here, so a change in FRR's
// output is fixed in one place and fails loudly (code `frr-bad-output`) rather than as a
// session silently reported "unknown". Shapes recorded from FRR 8.4 (test/fixtures/checks/observed).
import * as v from "valibot";
import { parseJson, type JsonSource } from "../util/json.js";

export const FRR_BAD_OUTPUT = "frr-bad-output";

function source(command: string, node: string | undefined): JsonSource {
  return {
    what: `FRR's \`${command}\`${node ? ` on ${node}` : ""}`,
    code: FRR_BAD_OUTPUT,
    suggestion: "fabric reads the JSON of FRR 8.x; compare with `fabric exec NODE -- vtysh -c '…'`",
  };
}

// ---- show bgp summary json --------------------------------------------------------------------

/** One neighbor in one address family: `peers` is keyed by address or, unnumbered, interface. */
const SummaryPeer = v.object({
  state: v.string(),
  hostname: v.optional(v.string()),
  pfxRcd: v.optional(v.number()),
  pfxSnt: v.optional(v.number()),
});

/** `{ "ipv4Unicast": { …, "peers": {…} }, "ipv6Unicast": … }`; `{}` when bgpd has no instance. */
const Summary = v.record(v.string(), v.object({ peers: v.optional(v.record(v.string(), SummaryPeer)) }));

export interface FrrSummaryPeer {
  /** The neighbor as FRR names it: an address, or an interface for unnumbered peers. */
  readonly peer: string;
  /** FRR's `state`: `Established`, `Active`, `Idle`… */
  readonly state: string;
  /** The peer's hostname (FRR's hostname capability), when it sent one. */
  readonly hostname?: string;
  /** Prefixes received and sent, summed over the address families the neighbor is in. */
  readonly received: number;
  readonly sent: number;
}

/** Every configured neighbor once, in FRR's order, whatever the number of families it is in. */
export function frrSummaryPeers(json: string, node?: string): FrrSummaryPeer[] {
  const summary = parseJson(Summary, json, source("show bgp summary json", node));
  const byPeer = new Map<string, FrrSummaryPeer>();
  for (const family of Object.values(summary)) {
    for (const [peer, p] of Object.entries(family.peers ?? {})) {
      const seen = byPeer.get(peer);
      const hostname = seen?.hostname ?? p.hostname;
      byPeer.set(peer, {
        peer,
        // One session carries every family, so every family reports the same state.
        state: seen?.state ?? p.state,
        ...(hostname && { hostname }),
        received: (seen?.received ?? 0) + (p.pfxRcd ?? 0),
        sent: (seen?.sent ?? 0) + (p.pfxSnt ?? 0),
      });
    }
  }
  return [...byPeer.values()];
}

// ---- show bgp neighbors json ------------------------------------------------------------------

const Neighbor = v.object({
  bgpState: v.string(),
  lastResetDueTo: v.optional(v.string()),
  lastErrorCodeSubcode: v.optional(v.string()),
  lastNotificationReason: v.optional(v.string()),
  lastResetTimerMsecs: v.optional(v.number()),
  connectionsEstablished: v.optional(v.number()),
});

export type FrrNeighbor = v.InferOutput<typeof Neighbor>;

/** `{ "<address or interface>": { "bgpState": …, … } }`, one entry per configured neighbor. */
export function frrNeighbors(json: string, node?: string): ReadonlyMap<string, FrrNeighbor> {
  const neighbors = parseJson(v.record(v.string(), Neighbor), json, source("show bgp neighbors json", node));
  return new Map(Object.entries(neighbors));
}

// ---- show bgp neighbors json: End-of-RIB ------------------------------------------------------

/**
 * RFC 4724 §2: a speaker sends End-of-RIB for a family once its initial table for that family is
 * out. FRR tracks it per neighbor only when graceful restart was negotiated (fabric's speaker and
 * FRR's default helper mode both advertise it), under `gracefulRestartInfo.<family>`.
 */
const EndOfRibStatus = v.object({ endOfRibSend: v.boolean(), endOfRibRecv: v.boolean() });
const FamilyRestartInfo = v.object({ endOfRibStatus: EndOfRibStatus });
const RestartNeighbor = v.object({
  gracefulRestartInfo: v.optional(v.record(v.string(), v.unknown())),
});

/** End-of-RIB both ways, over every family the neighbor carries. */
export interface FrrEndOfRib {
  /** FRR has sent its initial table (and the marker) to the neighbor. */
  readonly sent: boolean;
  /** The neighbor has sent its initial table (and the marker) to FRR. */
  readonly received: boolean;
}

/**
 * Each neighbor's End-of-RIB state, the families ANDed. A neighbor FRR keeps no End-of-RIB state
 * for (no graceful restart negotiated) is absent: nothing can be said about it from here.
 */
export function frrEndOfRib(json: string, node?: string): ReadonlyMap<string, FrrEndOfRib> {
  const neighbors = parseJson(
    v.record(v.string(), RestartNeighbor),
    json,
    source("show bgp neighbors json", node),
  );
  const out = new Map<string, FrrEndOfRib>();
  for (const [peer, n] of Object.entries(neighbors)) {
    // Families sit beside other fields (`localGrMode`, `timers` …): the ones with a status are families.
    const families = Object.values(n.gracefulRestartInfo ?? {}).flatMap((x) => {
      const family = v.safeParse(FamilyRestartInfo, x);
      return family.success ? [family.output.endOfRibStatus] : [];
    });
    if (families.length === 0) continue;
    out.set(peer, {
      sent: families.every((f) => f.endOfRibSend),
      received: families.every((f) => f.endOfRibRecv),
    });
  }
  return out;
}

// ---- show bgp <afi> unicast <prefix> json -----------------------------------------------------

const Path = v.object({
  aspath: v.optional(v.object({ string: v.optional(v.string()) })),
  nexthops: v.optional(v.array(v.object({ ip: v.optional(v.string()) }))),
  community: v.optional(v.object({ string: v.optional(v.string()) })),
  largeCommunity: v.optional(v.object({ string: v.optional(v.string()) })),
  locPrf: v.optional(v.number()),
  bestpath: v.optional(v.object({ overall: v.optional(v.boolean()) })),
  peer: v.optional(
    v.object({
      peerId: v.optional(v.string()),
      routerId: v.optional(v.string()),
      hostname: v.optional(v.string()),
    }),
  ),
});

/** `{ "prefix": …, "paths": [ … ] }`, or `{}` when the prefix is not in the table. */
const Route = v.object({ paths: v.optional(v.array(Path)) });

/** A BGP path as checks compare it, whoever reported it (FRR or fabric's speaker). */
export interface BgpPath {
  readonly asPath: readonly number[];
  readonly nextHop?: string;
  readonly communities: readonly string[];
  readonly localPreference?: number;
}

/** The best path (or the first, if none is marked best), or undefined when not in the table. */
export function frrBestPath(json: string, node?: string): BgpPath | undefined {
  const route = parseJson(Route, json, source("show bgp … json", node));
  const paths = route.paths ?? [];
  const best = paths.find((p) => p.bestpath?.overall) ?? paths[0];
  if (!best) return undefined;
  const nextHop = best.nexthops?.[0]?.ip;
  return {
    asPath: asPathNumbers(best.aspath?.string ?? ""),
    ...(nextHop && { nextHop }),
    communities: [...words(best.community?.string), ...words(best.largeCommunity?.string)],
    ...(best.locPrf !== undefined && { localPreference: best.locPrf }),
  };
}

/** Who sent each path of a prefix: the neighbor's address, its router ID and hostname, as FRR knows them. */
export interface FrrPathSource {
  readonly peerId?: string;
  readonly routerId?: string;
  readonly hostname?: string;
}

export function frrPathSources(json: string, node?: string): FrrPathSource[] {
  const route = parseJson(Route, json, source("show bgp … json", node));
  return (route.paths ?? []).map((p) => ({
    ...(p.peer?.peerId !== undefined && { peerId: p.peer.peerId }),
    ...(p.peer?.routerId !== undefined && { routerId: p.peer.routerId }),
    ...(p.peer?.hostname !== undefined && { hostname: p.peer.hostname }),
  }));
}

/**
 * A path of the whole-table view (`show bgp ipv4 unicast json`): the AS path as text, `bestpath`
 * a flag, no communities. One call answers for every prefix of a router, which is what checks of
 * thousands of PodCIDRs need; a check that compares communities still asks for its prefix alone.
 */
const TablePath = v.object({
  path: v.optional(v.string()),
  bestpath: v.optional(v.boolean()),
  nexthops: v.optional(v.array(v.object({ ip: v.optional(v.string()) }))),
  locPrf: v.optional(v.number()),
});

/** `{ …, "routes": { "<prefix>": [paths] } }`; no `routes` when bgpd has no instance. */
const Table = v.object({ routes: v.optional(v.record(v.string(), v.array(TablePath))) });

/** Each prefix's best path (or its first, if none is marked best), without communities. */
export function frrTableBestPaths(json: string, node?: string): ReadonlyMap<string, BgpPath> {
  const table = parseJson(Table, json, source("show bgp … unicast json", node));
  const out = new Map<string, BgpPath>();
  for (const [prefix, paths] of Object.entries(table.routes ?? {})) {
    const best = paths.find((p) => p.bestpath) ?? paths[0];
    if (!best) continue;
    const nextHop = best.nexthops?.[0]?.ip;
    out.set(prefix, {
      asPath: asPathNumbers(best.path ?? ""),
      ...(nextHop && { nextHop }),
      communities: [],
      ...(best.locPrf !== undefined && { localPreference: best.locPrf }),
    });
  }
  return out;
}

// ---- AS-path text -----------------------------------------------------------------------------

/**
 * `65000 65011` → [65000, 65011]. The text form FRR and fabric's speaker both print; the empty
 * path of a local route prints as `Local` or nothing, giving []. Only plain AS numbers count:
 * AS_SET members (`{65001,65002}`) and confederation segments (`(65001)`) have no place in the
 * sequence a check compares against, so they are left out.
 */
export function asPathNumbers(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((t) => /^\d+$/.test(t))
    .map(Number);
}

function words(text: string | undefined): string[] {
  return (text ?? "").split(/\s+/).filter(Boolean);
}

// ---- show bgp summary json: the router itself -------------------------------------------------

const SummaryRouterFamily = v.object({
  as: v.optional(v.number()),
  routerId: v.optional(v.string()),
  peers: v.optional(v.record(v.string(), v.object({ remoteAs: v.optional(v.number()) }))),
});

export interface FrrSummaryRouter {
  /** The router's own AS and router id (absent when bgpd has no instance). */
  readonly asn?: number;
  readonly routerId?: string;
  /** Each neighbor's AS as configured or learnt, keyed like frrSummaryPeers' `peer`. */
  readonly remoteAs: ReadonlyMap<string, number>;
}

/** The same output as frrSummaryPeers, read for what it says of the router and its peers' ASNs. */
export function frrSummaryRouter(json: string, node?: string): FrrSummaryRouter {
  const summary = parseJson(
    v.record(v.string(), SummaryRouterFamily),
    json,
    source("show bgp summary json", node),
  );
  let asn: number | undefined;
  let routerId: string | undefined;
  const remoteAs = new Map<string, number>();
  for (const family of Object.values(summary)) {
    asn ??= family.as;
    routerId ??= family.routerId;
    for (const [peer, p] of Object.entries(family.peers ?? {}))
      if (p.remoteAs !== undefined && !remoteAs.has(peer)) remoteAs.set(peer, p.remoteAs);
  }
  return { ...(asn !== undefined && { asn }), ...(routerId !== undefined && { routerId }), remoteAs };
}
