// Every BGP session a deployed lab's configuration implies, and its state: FRR neighbors from
// each router's running state (`show bgp summary json` lists every configured neighbor, up or
// not) and every peer of every Kubernetes node's speaker (its peers view, built from the CRDs).
// Parsing is pure and tested on canned output; `collectSessions` is the live side.
import { readFile } from "node:fs/promises";
import { collectPeers } from "../k8s/speaker/bgp-status.js";
import type { PeerRow } from "../bgp/status/index.js";
import { frrEndOfRib, frrNeighbors, frrSummaryPeers, type FrrEndOfRib } from "../nodes/frr-json.js";
import type { Runtime } from "../runtime/types.js";
import { speakerView } from "../k8s/speaker/view.js";
import { readConfigFile } from "../bgp/speaker/config-file.js";
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";
import { recordOf } from "../state/deployed.js";
import { labInfo } from "../state/lab-info.js";
import type { LabState } from "../state/state-store.js";

export interface BgpSession {
  readonly node: string;
  /** The neighbor as the node names it: an address, or an interface for unnumbered peers. */
  readonly peer: string;
  /** Who reports it: an FRR router, or a Kubernetes node's speaker. */
  readonly source: "frr" | "speaker";
  /** As the node reports it (FRR: `Established`, the speaker: `established`). */
  readonly state: string;
  /** The peer's hostname (FRR) or configured peer name (speaker), when known. */
  readonly peerName?: string;
  readonly received: number;
  readonly sent: number;
  /** Why it is not up, when its node says (the speaker's reason: a TCP-MD5 mismatch …). */
  readonly reason?: string;
  /**
   * FRR sessions whose router is all Established and which negotiated graceful restart: whether
   * each side's initial table (End-of-RIB) is through. Absent when nothing is known.
   */
  readonly endOfRib?: FrrEndOfRib;
  /**
   * The peer is one of the lab's speakers that rejects every route it receives (Cilium's default:
   * counted, never kept): what the router sends it changes no forwarding, so the router's
   * End-of-RIB towards it (FRR sends its first table a coalesce time, ~1-2 s, after Established)
   * is not worth waiting for. A speaker that imports routes is waited for like a router.
   */
  readonly peerDiscardsRoutes?: true;
  /** A speaker's session on a node whose speaker discards every route it receives (as above). */
  readonly discardsRoutes?: true;
}

export interface SessionSnapshot {
  readonly sessions: readonly BgpSession[];
  /** Nodes that could not be asked: a speaker that does not answer, a vtysh that fails. */
  readonly problems: readonly { readonly node: string; readonly message: string }[];
}

export const isEstablished = (s: BgpSession): boolean => s.state.toLowerCase() === "established";

/**
 * Established is not yet routing: FRR holds a new session's first announcement back (its update
 * groups' coalesce time, ~1 s) and a speaker sends its table after the OPEN exchange, so right
 * after Established a router may have nothing to forward with (seen: "converged" with 4 of the
 * reference lab's 30 prefixes received, and a ToR answering a pod's ping with "Destination Net
 * Unreachable"). A session whose End-of-RIB has not gone both ways is still exchanging tables.
 */
export const isExchanging = (s: BgpSession): boolean =>
  s.endOfRib !== undefined && !(s.endOfRib.received && (s.endOfRib.sent || s.peerDiscardsRoutes === true));

/**
 * Attach each neighbor's End-of-RIB state (from `show bgp neighbors json`) to its session, and
 * mark the sessions to speakers that discard what they receive (by the hostname they announce,
 * which is their node's name).
 */
export function withEndOfRib(
  sessions: readonly BgpSession[],
  neighborsJson: string,
  node: string,
  discardingSpeakers: ReadonlySet<string> = new Set(),
): BgpSession[] {
  const eor = frrEndOfRib(neighborsJson, node);
  return sessions.map((s) => {
    const e = eor.get(s.peer);
    if (!e) return s;
    const discards = s.peerName !== undefined && discardingSpeakers.has(s.peerName);
    return { ...s, endOfRib: e, ...(discards && { peerDiscardsRoutes: true as const }) };
  });
}

/**
 * The lab's Kubernetes nodes whose speaker rejects every inbound route on every peer (no
 * `import`), from the config each speaker was started on. A config that cannot be read counts
 * as importing: waiting for a table nobody needed costs a second, not a wrong "converged".
 */
export function discardingSpeakers(lab: LabState): Set<string> {
  const out = new Set<string>();
  for (const n of labInfo(lab).cluster?.nodes ?? []) {
    if (!n.speaker) continue;
    const view = speakerView(lab, n.name);
    if (!view) continue;
    let config: SpeakerConfig;
    try {
      config = readConfigFile(view.configFile).speaker;
    } catch {
      continue;
    }
    if (!importsAny(config)) out.add(n.name);
  }
  return out;
}

export function importsAny(config: SpeakerConfig): boolean {
  return config.instances.some((i) =>
    [...i.peers, ...(i.discoveredPeers ?? []).map((d) => d.peer)].some((p) => p.inbound?.mode === "import"),
  );
}

/** `show bgp summary json`: one session per neighbor, across address families (counts summed). */
export function frrSummarySessions(node: string, json: string): BgpSession[] {
  return frrSummaryPeers(json, node).map((p) => ({
    node,
    peer: p.peer,
    source: "frr",
    state: p.state,
    ...(p.hostname && { peerName: p.hostname }),
    received: p.received,
    sent: p.sent,
  }));
}

/** `show bgp neighbors json` → why each neighbor is not up, in FRR's own words. */
export function frrNeighborReasons(json: string, node?: string): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const [peer, n] of frrNeighbors(json, node)) {
    const parts: string[] = [];
    if (n.lastNotificationReason) parts.push(`last notification: ${n.lastNotificationReason}`);
    if (n.lastErrorCodeSubcode) parts.push(`error code/subcode ${n.lastErrorCodeSubcode}`);
    if (n.lastResetDueTo) {
      const ago =
        n.lastResetTimerMsecs !== undefined ? ` (${Math.round(n.lastResetTimerMsecs / 1000)} s ago)` : "";
      parts.push(`last reset: ${n.lastResetDueTo}${ago}`);
    }
    if (n.connectionsEstablished === 0) parts.push("never established");
    if (parts.length > 0) reasons.set(peer, parts.join("; "));
  }
  return reasons;
}

export function speakerSessions(rows: readonly PeerRow[]): BgpSession[] {
  return rows.map((r) => ({
    node: r.node,
    peer: r.peerAddress,
    source: "speaker",
    state: r.state,
    peerName: r.peerName,
    received: r.received,
    sent: r.advertised,
    ...(r.reason !== undefined && { reason: r.reason }),
  }));
}

/** The speaker logs each peer as `peer NAME (ADDRESS): …`; the last such line says what happened. */
export function lastLogLineAbout(log: string, peerAddress: string): string | undefined {
  const needle = `(${peerAddress}):`;
  const line = log
    .split("\n")
    .reverse()
    .find((l) => l.includes(needle));
  return line?.trim();
}

/** FRR routers of the lab: nodes whose role is router (the ones `bgp-session` checks ask vtysh). */
function frrRouters(lab: LabState): string[] {
  return labInfo(lab)
    .nodes.filter((n) => n.role === "router")
    .map((n) => n.name);
}

async function vtysh(lab: LabState, runtime: Runtime, node: string, command: string) {
  const record = recordOf(lab, node);
  if (!record) return undefined;
  return runtime.exec(record, ["vtysh", "-c", command], { timeoutMs: 10_000 }).catch(() => undefined);
}

export async function collectSessions(
  lab: LabState,
  runtime: Runtime,
  discarding: ReadonlySet<string> = new Set(),
): Promise<SessionSnapshot> {
  const problems: { node: string; message: string }[] = [];
  const frr = await Promise.all(
    frrRouters(lab).map(async (node) => {
      const r = await vtysh(lab, runtime, node, "show bgp summary json");
      // A router role without bgpd (no vtysh daemon to answer) configures no BGP session.
      if (!r || r.exitCode !== 0) return [];
      try {
        const sessions = frrSummarySessions(node, r.stdout);
        // End-of-RIB only matters once the router's sessions are all up: asked then, so the
        // looks before (most of a deploy's wait) cost one vtysh per router, as before.
        if (sessions.length === 0 || !sessions.every(isEstablished)) return sessions;
        const n = await vtysh(lab, runtime, node, "show bgp neighbors json");
        if (!n || n.exitCode !== 0) {
          problems.push({ node, message: "`show bgp neighbors json` failed" });
          return sessions;
        }
        return withEndOfRib(sessions, n.stdout, node, discarding);
      } catch (err) {
        problems.push({ node, message: (err as Error).message });
        return [];
      }
    }),
  );
  const speakers = labInfo(lab).cluster?.nodes.some((n) => n.speaker)
    ? await collectPeers(lab)
    : { rows: [], problems: [] };
  problems.push(...speakers.problems);
  const mine = speakerSessions(speakers.rows).map((s) =>
    discarding.has(s.node) ? { ...s, discardsRoutes: true as const } : s,
  );
  return { sessions: [...frr.flat(), ...mine], problems };
}

/** Why each session is not up: FRR's reset reason, or the speaker's last log line about it. */
export async function explainSessions(
  lab: LabState,
  runtime: Runtime,
  down: readonly BgpSession[],
): Promise<Map<BgpSession, string>> {
  const out = new Map<BgpSession, string>();
  const frrNodes = [...new Set(down.filter((s) => s.source === "frr").map((s) => s.node))];
  for (const node of frrNodes) {
    const r = await vtysh(lab, runtime, node, "show bgp neighbors json");
    if (!r || r.exitCode !== 0) continue;
    let reasons: Map<string, string>;
    try {
      reasons = frrNeighborReasons(r.stdout, node);
    } catch {
      // The explanation is a courtesy on top of the failed wait; unreadable output just has none.
      continue;
    }
    for (const s of down) if (s.node === node && reasons.has(s.peer)) out.set(s, reasons.get(s.peer) ?? "");
  }
  for (const s of down.filter((x) => x.source === "speaker")) {
    if (s.reason !== undefined) {
      out.set(s, s.reason);
      continue;
    }
    const speaker = speakerView(lab, s.node);
    if (!speaker) continue;
    const log = await readFile(speaker.logFile, "utf8").catch(() => "");
    const line = lastLogLineAbout(log, s.peer);
    if (line) out.set(s, `speaker log: ${line}`);
  }
  return out;
}
