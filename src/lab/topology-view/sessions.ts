// Pairing session ends into sessions. Each router and each speaker reports its own side of a
// session, naming the other side its own way (a hostname learnt in OPEN, an interface for an
// unnumbered peer, an address); one edge per session needs both sides matched to vertices. What
// was matched once is remembered, because FRR forgets a neighbor's hostname when the session
// drops — exactly when the page must still draw that edge, in red.
import type { PeerRow } from "../../bgp/status/index.js";
import type { FrrSummaryPeer } from "../../nodes/frr-json.js";
import type { LabShape } from "./lab-shape.js";
import type { GraphSession, SessionEnd, SessionState } from "./types.js";

/** One router's `show bgp summary json`, read. */
export interface RouterStatus {
  readonly node: string;
  readonly asn?: number;
  readonly routerId?: string;
  readonly peers: readonly FrrSummaryPeer[];
  readonly remoteAs: ReadonlyMap<string, number>;
}

/** `NODE|PEER` → the vertex at the other end, `router-id|ID` → the router: kept across polls by the caller. */
export type PeerMemory = Map<string, string>;

/** RFC 4271 §8.2.2's states in three colours: Idle (and FRR's admin/clearing states) are down. */
export function sessionState(reported: string): SessionState {
  const s = reported.toLowerCase();
  if (s === "established") return "established";
  if (s === "connect" || s === "active" || s === "opensent" || s === "openconfirm") return "connecting";
  return "down";
}

/** Down if any end is down, established if every end is, connecting otherwise. */
export function combinedState(ends: readonly SessionEnd[]): SessionState {
  if (ends.length === 0 || ends.some((e) => e.state === "down")) return "down";
  return ends.every((e) => e.state === "established") ? "established" : "connecting";
}

interface Resolved {
  readonly end: SessionEnd;
  readonly other: string | undefined;
}

export function pairSessions(
  shape: LabShape,
  routers: readonly RouterStatus[],
  speakerRows: readonly PeerRow[],
  memory: PeerMemory,
): GraphSession[] {
  const byAddress = new Map<string, string>();
  for (const n of shape.nodes) for (const a of n.addresses) if (!a.includes("/")) byAddress.set(a, n.id);
  // Router ids are learnt from the routers' own answers, and kept for polls where one is silent
  // (frozen, bgpd dead) so its speakers' ends still find it.
  for (const r of routers) if (r.routerId) memory.set(`router-id|${r.routerId}`, r.node);
  for (const [key, node] of memory)
    if (key.startsWith("router-id|")) byAddress.set(key.slice("router-id|".length), node);
  const vertex = (name: string | undefined) => (name === undefined ? undefined : shape.vertexOf.get(name));
  const overLink = (node: string, iface: string) => {
    for (const l of shape.links) {
      if (l.a.node === node && l.a.iface === iface) return l.b.node;
      if (l.b.node === node && l.b.iface === iface) return l.a.node;
    }
    return undefined;
  };
  const remember = (node: string, peer: string, found: string | undefined) => {
    const key = `${node}|${peer}`;
    if (found !== undefined) memory.set(key, found);
    return found ?? memory.get(key);
  };

  const resolved: Resolved[] = [];
  for (const r of routers) {
    for (const p of r.peers) {
      const other = vertex(p.hostname) ?? overLink(r.node, p.peer) ?? byAddress.get(p.peer);
      const peerAsn = r.remoteAs.get(p.peer);
      resolved.push({
        other: remember(r.node, p.peer, other),
        end: {
          node: r.node,
          peer: p.peer,
          source: "frr",
          reported: p.state,
          state: sessionState(p.state),
          ...(r.asn !== undefined && { localAsn: r.asn }),
          ...(peerAsn !== undefined && { peerAsn }),
          received: p.received,
          advertised: p.sent,
        },
      });
    }
  }
  for (const row of speakerRows) {
    const node = vertex(row.node) ?? row.node;
    const listing = resolved.filter((x) => x.other === node).map((x) => x.end.node);
    const other = byAddress.get(row.peerAddress) ?? (listing.length === 1 ? listing[0] : undefined);
    resolved.push({
      other: remember(node, row.peerAddress, other),
      end: {
        node,
        peer: row.peerAddress,
        source: "speaker",
        reported: row.state,
        state: sessionState(row.state),
        localAsn: row.localAsn,
        peerAsn: row.peerAsn,
        received: row.received,
        advertised: row.advertised,
      },
    });
  }
  return group(resolved);
}

/** Ends on the same pair of vertices, one from each side, make a session (zipped in order). */
function group(resolved: readonly Resolved[]): GraphSession[] {
  const pairs = new Map<string, { a: string; b: string | undefined; sides: Map<string, SessionEnd[]> }>();
  for (const { end, other } of resolved) {
    const [a, b] = other === undefined ? [end.node, undefined] : [end.node, other].sort();
    const key = b === undefined ? `${end.node}|${end.peer}` : `${a}~${b}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { a: a ?? end.node, b, sides: new Map() };
      pairs.set(key, pair);
    }
    pair.sides.set(end.node, [...(pair.sides.get(end.node) ?? []), end]);
  }
  const sessions: GraphSession[] = [];
  for (const [key, pair] of pairs) {
    const sides = [...pair.sides.values()];
    const count = Math.max(...sides.map((s) => s.length));
    for (let i = 0; i < count; i++) {
      const ends = sides.flatMap((s) => s[i] ?? []);
      sessions.push({
        id: count === 1 ? key : `${key}#${i}`,
        a: pair.a,
        ...(pair.b !== undefined && { b: pair.b }),
        state: combinedState(ends),
        ends,
      });
    }
  }
  return sessions;
}
