// Text tables in Cilium's columns (`cilium bgp peers`, `cilium bgp routes available|advertised`),
// built from rows of any number of nodes so one table can cover a whole cluster.

import { formatAge } from "../rib/index.js";
import type { PeerRow, RouteRow } from "./types.js";

/** Left-aligned columns separated by three spaces, like Go's tabwriter output Cilium prints. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("   ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}

const PEER_HEADERS = [
  "Node",
  "Local AS",
  "Peer AS",
  "Peer Address",
  "Session State",
  "Uptime",
  "Family",
  "Received",
  "Advertised",
] as const;

/**
 * One row per family; like Cilium, the node and session columns are printed on a peer's first
 * family only, and the node name only on its first peer. A Reason column (fabric's, not Cilium's)
 * is added only when some session is down for a reason the speaker knows.
 */
export function formatPeers(rows: readonly PeerRow[]): string {
  const out: string[][] = [];
  let lastNode: string | undefined;
  let lastPeer: string | undefined;
  const withReason = rows.some((r) => r.reason !== undefined);
  for (const r of rows) {
    const peerKey = `${r.node}/${r.localAsn}/${r.peerAddress}`;
    const newPeer = peerKey !== lastPeer;
    out.push([
      r.node !== lastNode ? r.node : "",
      newPeer ? String(r.localAsn) : "",
      newPeer ? String(r.peerAsn) : "",
      newPeer ? r.peerAddress : "",
      newPeer ? r.state : "",
      newPeer ? (r.uptimeMs === undefined ? "" : formatAge(r.uptimeMs)) : "",
      r.family,
      String(r.received),
      String(r.advertised),
      ...(withReason ? [newPeer ? (r.reason ?? "") : ""] : []),
    ]);
    lastNode = r.node;
    lastPeer = peerKey;
  }
  return renderTable(withReason ? [...PEER_HEADERS, "Reason"] : PEER_HEADERS, out);
}

/** `[{Origin: i} {AsPath: 64000} {Nexthop: 10.0.0.1} {LocalPref: 100} {Communities: 65000:99}]` */
export function formatAttrs(r: RouteRow): string {
  const parts: string[] = [];
  if (r.origin) parts.push(`{Origin: ${r.origin}}`);
  if (r.asPath) parts.push(`{AsPath: ${r.asPath}}`);
  parts.push(`{Nexthop: ${r.nextHop}}`);
  if (r.med !== undefined) parts.push(`{Med: ${r.med}}`);
  if (r.localPref !== undefined) parts.push(`{LocalPref: ${r.localPref}}`);
  if (r.communities.length) parts.push(`{Communities: ${r.communities.join(", ")}}`);
  if (r.largeCommunities.length)
    parts.push(`{LargeCommunity: ${r.largeCommunities.map((c) => `[${c}]`).join(", ")}}`);
  return `[${parts.join(" ")}]`;
}

/** Every path in the Loc-RIB, as Cilium lists them; the best path of a prefix comes first. */
export function formatRoutesAvailable(rows: readonly RouteRow[]): string {
  return renderTable(
    ["Node", "VRouter", "Prefix", "NextHop", "Age", "Attrs"],
    rows.map((r) => [r.node, String(r.vrouter), r.prefix, r.nextHop, formatAge(r.ageMs), formatAttrs(r)]),
  );
}

export function formatRoutesAdvertised(rows: readonly RouteRow[]): string {
  return renderTable(
    ["Node", "VRouter", "Peer", "Prefix", "NextHop", "Age", "Attrs"],
    rows.map((r) => [
      r.node,
      String(r.vrouter),
      r.peer ?? "",
      r.prefix,
      r.nextHop,
      formatAge(r.ageMs),
      formatAttrs(r),
    ]),
  );
}
