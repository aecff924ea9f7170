// Cilium's `ebgpMultihop` is the IP TTL of an eBGP session's packets (1 = directly connected
// only, as GoBGP and FRR default for eBGP). Node cannot set IP_TTL on a TCP socket, so inside a
// lab node — a network namespace of its own — the speaker sets it the way an operator would:
// a netfilter mangle rule per eBGP peer rewriting TTL (IPv4) or hop limit (IPv6) of the packets
// to that peer. Rules carry a comment so they can be found, and are replaced on every reload.
import { attempt, run } from "../../host/command.js";
import { familyOf } from "../../net/index.js";
import type { SpeakerConfig } from "../config/speaker-config.js";

const COMMENT = "fabric speaker ebgpMultihop";

export interface TtlRule {
  readonly family: 4 | 6;
  readonly address: string;
  /** Match on destination port (sessions we open) or source port (sessions we accepted). */
  readonly match: "--dport" | "--sport";
  readonly port: number;
  readonly ttl: number;
}

/** One rule per eBGP peer whose ASN is known, for each direction the session can be opened in. */
export function ttlRules(config: SpeakerConfig): TtlRule[] {
  const rules: TtlRule[] = [];
  for (const inst of config.instances) {
    for (const p of inst.peers) {
      // peerASN 0 learns the AS from the OPEN: iBGP or eBGP is unknown until then, so no rule.
      if (p.peerASN === 0 || p.peerASN === inst.localASN) continue;
      const family = familyOf(p.address) === 6 ? 6 : 4;
      rules.push({ family, address: p.address, match: "--dport", port: p.peerPort, ttl: p.ebgpMultihop });
      if (inst.localPort !== undefined) {
        rules.push({
          family,
          address: p.address,
          match: "--sport",
          port: inst.localPort,
          ttl: p.ebgpMultihop,
        });
      }
    }
  }
  return rules;
}

export function ruleSpec(r: TtlRule): string[] {
  const target =
    r.family === 4 ? ["-j", "TTL", "--ttl-set", String(r.ttl)] : ["-j", "HL", "--hl-set", String(r.ttl)];
  return [
    "-p",
    "tcp",
    "-d",
    r.address,
    r.match,
    String(r.port),
    "-m",
    "comment",
    "--comment",
    COMMENT,
    ...target,
  ];
}

const tool = (family: 4 | 6) => (family === 4 ? "iptables" : "ip6tables");

/** Keeps the namespace's rules equal to what the current config asks for. */
export class NetfilterTtl {
  private applied: TtlRule[] = [];

  async sync(config: SpeakerConfig): Promise<void> {
    const wanted = ttlRules(config);
    const key = (r: TtlRule) => ruleSpec(r).join(" ") + r.family;
    const keep = new Set(wanted.map(key));
    for (const r of this.applied) {
      if (!keep.has(key(r)))
        await attempt(tool(r.family), ["-w", "-t", "mangle", "-D", "OUTPUT", ...ruleSpec(r)]);
    }
    const had = new Set(this.applied.map(key));
    for (const r of wanted) {
      if (!had.has(key(r))) await run(tool(r.family), ["-w", "-t", "mangle", "-A", "OUTPUT", ...ruleSpec(r)]);
    }
    this.applied = wanted;
  }

  async clear(): Promise<void> {
    await this.sync({ node: "", instances: [] });
  }
}
