// What a configuration change does to each BGP session, decided in one place for the speaker's
// reload (SIGHUP, the speaker host's reload) and for what `fabric deploy --reconfigure` reports.
// Only what the session negotiated or was opened with needs a new session: the ASNs and
// addresses (and port, source address, TTL, password) of the TCP connection, the timers and
// families of the OPEN, graceful restart's capability, and what is done with received routes.
// Everything a session carries — which prefixes, their communities, LOCAL_PREF — changes with
// UPDATEs and withdrawals on the session as it is (RFC 4271 §9.2).
import type { InstanceConfig, PeerConfig, SpeakerConfig } from "./speaker-config.js";

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));

/** Why a peer's session must be reset to go from `before` to `after`; empty when it need not. */
export function sessionResetReasons(before: PeerConfig, after: PeerConfig): string[] {
  const reasons: string[] = [];
  const changed = (what: string, a: unknown, b: unknown): void => {
    if (!same(a, b)) reasons.push(`${what} ${show(a)} → ${show(b)}`);
  };
  changed("peerASN", before.peerASN, after.peerASN);
  changed("peerAddress", before.address, after.address);
  changed("peerPort", before.peerPort, after.peerPort);
  changed("localAddress", before.localAddress, after.localAddress);
  changed("ebgpMultihop", before.ebgpMultihop, after.ebgpMultihop);
  for (const t of ["connectRetryTimeSeconds", "holdTimeSeconds", "keepAliveTimeSeconds"] as const)
    changed(`timers.${t}`, before.timers[t], after.timers[t]);
  const families = (p: PeerConfig): string[] => p.families.map((f) => `${f.afi}/${f.safi}`);
  changed("families", families(before), families(after));
  // The password itself is never printed.
  if (before.password !== after.password || before.authSecretRef !== after.authSecretRef)
    reasons.push("TCP-MD5 password (authSecretRef) changed");
  changed("gracefulRestart", before.gracefulRestart, after.gracefulRestart);
  changed("inbound", before.inbound, after.inbound);
  return reasons;
}

/** Why a whole instance restarts (every session of it); empty when it need not. */
export function instanceResetReasons(before: InstanceConfig, after: InstanceConfig): string[] {
  const reasons: string[] = [];
  if (before.localASN !== after.localASN) reasons.push(`localASN ${before.localASN} → ${after.localASN}`);
  if (before.routerId !== after.routerId) reasons.push(`routerID ${before.routerId} → ${after.routerId}`);
  return reasons;
}

export type SessionChange =
  | { readonly kind: "unchanged" }
  /** Same session: UPDATEs and withdrawals carry the difference. */
  | { readonly kind: "updated" }
  | { readonly kind: "reset"; readonly reasons: readonly string[] }
  | { readonly kind: "added" }
  | { readonly kind: "removed" };

export interface PeerChange {
  readonly instance: string;
  readonly peer: string;
  readonly address: string;
  readonly change: SessionChange;
}

/** Every peer of both configs and what going from `before` to `after` does to its session. */
export function speakerChanges(before: SpeakerConfig, after: SpeakerConfig): PeerChange[] {
  const out: PeerChange[] = [];
  const afterInstances = new Map(after.instances.map((i) => [i.name, i]));
  const beforeNames = new Set(before.instances.map((i) => i.name));
  for (const b of before.instances) {
    const a = afterInstances.get(b.name);
    const restart = a ? instanceResetReasons(b, a) : [];
    const afterPeers = new Map((a?.peers ?? []).map((p) => [p.name, p]));
    for (const p of b.peers) {
      const q = afterPeers.get(p.name);
      const base = { instance: b.name, peer: p.name, address: (q ?? p).address };
      if (!a || !q) {
        out.push({ ...base, change: { kind: "removed" } });
        continue;
      }
      const reasons = [...restart, ...sessionResetReasons(p, q)];
      if (reasons.length > 0) out.push({ ...base, change: { kind: "reset", reasons } });
      else out.push({ ...base, change: { kind: same(p, q) ? "unchanged" : "updated" } });
    }
    for (const q of a?.peers ?? [])
      if (!b.peers.some((p) => p.name === q.name))
        out.push({ instance: b.name, peer: q.name, address: q.address, change: { kind: "added" } });
  }
  for (const a of after.instances) {
    if (beforeNames.has(a.name)) continue;
    for (const q of a.peers)
      out.push({ instance: a.name, peer: q.name, address: q.address, change: { kind: "added" } });
  }
  return out;
}

/** `peer-65010-rack0 (10.0.0.1): session reset: timers.holdTimeSeconds 90 → 30` */
export function describePeerChange(c: PeerChange): string {
  const who = `${c.peer} (${c.address})`;
  switch (c.change.kind) {
    case "unchanged":
      return `${who}: unchanged`;
    case "updated":
      return `${who}: advertisements changed: UPDATEs on the established session, no reset`;
    case "reset":
      return `${who}: session reset: ${c.change.reasons.join(", ")}`;
    case "added":
      return `${who}: new peer: session starts`;
    case "removed":
      return `${who}: removed: Cease (Peer De-configured)`;
  }
}
