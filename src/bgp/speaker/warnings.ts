// Configuration the speaker accepts but does not (or cannot) honour, said once at start and on
// reload instead of being silently ignored.

import type { SpeakerConfig } from "../config/speaker-config.js";

/** `ttlEnforced`: the sockets carry the TTL themselves (IP_TTL, see socket-place.ts), so no warning. */
export function unsupportedWarnings(config: SpeakerConfig, ttl: number, ttlEnforced = false): string[] {
  const out: string[] = [];
  for (const inst of config.instances) {
    for (const p of inst.peers) {
      const who = `instance ${inst.name} peer ${p.name} (${p.address})`;
      if (p.authSecretRef !== undefined && p.password === undefined) {
        out.push(
          `${who}: authSecretRef ${p.authSecretRef} gave no password; the session runs without TCP-MD5 and a peer that requires it will not accept it`,
        );
      }
      const ebgp = p.peerASN !== inst.localASN;
      if (ebgp && p.ebgpMultihop > 1 && !ttlEnforced) {
        out.push(
          `${who}: ebgpMultihop ${p.ebgpMultihop}: Node cannot set the IP TTL of a TCP socket; packets leave with this namespace's default TTL ${ttl}${p.ebgpMultihop > ttl ? `, fewer hops than configured: a peer ${ttl + 1} or more hops away is not reached` : ", enough for the configured hops"}`,
        );
      }
    }
  }
  return out;
}
