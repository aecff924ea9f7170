// Read-only views for `show bgp routes available|advertised` (Cilium's `cilium bgp routes`):
// plain rows, sorted by prefix; formatting into columns or JSON is the caller's job.

import { assertNever } from "../../errors.js";
import type { AfiName, AsPathSegment, LargeCommunity, PathAttributes, Prefix } from "../model.js";
import { AsPathSegmentType, Origin } from "../model.js";
import { compareAddresses } from "./address.js";
import type { AdjRibOut } from "./adj-rib-out.js";
import type { LocRib } from "./loc-rib.js";

export interface RouteView {
  readonly prefix: string;
  readonly afi: AfiName;
  /** "0.0.0.0" / "::" for a route we originate and have not sent yet, as Cilium shows it. */
  readonly nextHop: string;
  readonly ageMs: number;
  /** "local" or the address of the peer it came from. */
  readonly from: string;
  readonly best: boolean;
  /** For the best path: the comparator that chose it. */
  readonly reason?: string;
  readonly stale: boolean;
  readonly asPath: string;
  /** "i", "e" or "?", as routers print ORIGIN. */
  readonly origin: string;
  readonly localPref?: number;
  readonly med?: number;
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
}

export interface ViewFilter {
  readonly afi?: AfiName;
}

/** `65001 65002 {65003,65004}`, with confederation segments in parentheses. */
export function formatAsPath(path: readonly AsPathSegment[]): string {
  return path
    .map((seg) => {
      switch (seg.type) {
        case AsPathSegmentType.sequence:
          return seg.asns.join(" ");
        case AsPathSegmentType.set:
          return `{${seg.asns.join(",")}}`;
        case AsPathSegmentType.confedSequence:
          return `(${seg.asns.join(" ")})`;
        case AsPathSegmentType.confedSet:
          return `[${seg.asns.join(",")}]`;
        default:
          return assertNever(seg.type, "AS_PATH segment type");
      }
    })
    .join(" ");
}

export function formatCommunity(c: number): string {
  return `${Math.floor(c / 0x10000)}:${c % 0x10000}`;
}

export function formatLargeCommunity(c: LargeCommunity): string {
  return `${c.globalAdmin}:${c.localData1}:${c.localData2}`;
}

const ORIGIN_CODE: Readonly<Record<Origin, string>> = {
  [Origin.igp]: "i",
  [Origin.egp]: "e",
  [Origin.incomplete]: "?",
};

/** Go's duration style, which Cilium prints: `45s`, `3m12s`, `2h0m5s`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

export function comparePrefixes(a: Prefix, b: Prefix): number {
  return compareAddresses(a.address, b.address) || a.length - b.length;
}

function row(
  prefix: Prefix,
  attrs: PathAttributes,
  extra: Pick<RouteView, "ageMs" | "from" | "best" | "stale"> & { reason?: string },
): RouteView {
  return {
    prefix: `${prefix.address}/${prefix.length}`,
    afi: prefix.afi,
    nextHop: attrs.nextHop ?? (prefix.afi === "ipv4" ? "0.0.0.0" : "::"),
    ...extra,
    asPath: formatAsPath(attrs.asPath),
    origin: attrs.origin === undefined ? "" : ORIGIN_CODE[attrs.origin],
    ...(attrs.localPref === undefined ? {} : { localPref: attrs.localPref }),
    ...(attrs.med === undefined ? {} : { med: attrs.med }),
    communities: attrs.communities.map(formatCommunity),
    largeCommunities: attrs.largeCommunities.map(formatLargeCommunity),
  };
}

/** Every path in the Loc-RIB, best first within each prefix. */
export function routesAvailable(locRib: LocRib, now: number, filter: ViewFilter = {}): RouteView[] {
  const entries = [...locRib.entries()].filter(
    (e) => filter.afi === undefined || e.prefix.afi === filter.afi,
  );
  entries.sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  const rows: RouteView[] = [];
  for (const e of entries) {
    const others = [...e.candidates.values()].filter((r) => r !== e.best);
    for (const r of [e.best, ...others]) {
      const best = r === e.best;
      rows.push(
        row(r.prefix, r.attributes, {
          ageMs: now - r.receivedAt,
          from: r.source.type === "local" ? "local" : r.source.peerAddress,
          best,
          stale: r.stale,
          ...(best ? { reason: e.reason } : {}),
        }),
      );
    }
  }
  return rows;
}

/** What one peer has been sent, with the attributes as sent. */
export function routesAdvertised(out: AdjRibOut, now: number, filter: ViewFilter = {}): RouteView[] {
  const advertised = [...out.routes()].filter((a) => filter.afi === undefined || a.prefix.afi === filter.afi);
  advertised.sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  return advertised.map((a) =>
    row(a.prefix, a.attributes, {
      ageMs: now - a.advertisedAt,
      from: a.route.source.type === "local" ? "local" : a.route.source.peerAddress,
      best: true,
      stale: a.route.stale,
    }),
  );
}
