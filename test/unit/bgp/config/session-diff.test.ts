// What a configuration change does to each session: UPDATEs for what a session carries, a reset
// (with the fields that force it) for what it was opened with.
import { describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../../src/bgp/config/speaker-config.js";
import { describePeerChange, speakerChanges } from "../../../../src/bgp/config/session-diff.js";

const peer = (over: Partial<PeerConfig> = {}): PeerConfig => ({
  name: "tor",
  address: "10.0.0.1",
  peerASN: 65010,
  peerPort: 179,
  timers: { connectRetryTimeSeconds: 120, holdTimeSeconds: 90, keepAliveTimeSeconds: 30 },
  ebgpMultihop: 1,
  families: [
    {
      afi: "ipv4",
      safi: "unicast",
      advertisements: [
        {
          type: "PodCIDR",
          prefixes: ["10.1.1.0/24"],
          attributes: { standardCommunities: [], largeCommunities: [] },
        },
      ],
    },
  ],
  ...over,
});
const speaker = (...peers: PeerConfig[]): SpeakerConfig => ({
  node: "n",
  instances: [{ name: "i", localASN: 65010, routerId: "10.0.2.2", peers }],
});

describe("speakerChanges", () => {
  it("a community or a prefix: the same session, UPDATEs", () => {
    const community = peer({
      families: [
        {
          afi: "ipv4",
          safi: "unicast",
          advertisements: [
            {
              type: "PodCIDR",
              prefixes: ["10.1.1.0/24"],
              attributes: { standardCommunities: ["65000:100"], largeCommunities: [] },
            },
          ],
        },
      ],
    });
    const [c] = speakerChanges(speaker(peer()), speaker(community));
    expect(c?.change).toEqual({ kind: "updated" });
    expect(describePeerChange(c!)).toBe(
      "tor (10.0.0.1): advertisements changed: UPDATEs on the established session, no reset",
    );
    expect(speakerChanges(speaker(peer()), speaker(peer()))[0]?.change).toEqual({ kind: "unchanged" });
  });

  it("ASN, timers, families, password: a reset naming each field (never the password)", () => {
    const next = peer({
      peerASN: 65099,
      timers: { connectRetryTimeSeconds: 120, holdTimeSeconds: 30, keepAliveTimeSeconds: 10 },
      families: [{ afi: "ipv6", safi: "unicast", advertisements: [] }],
      authSecretRef: "s",
      password: "hunter2",
    });
    const [c] = speakerChanges(speaker(peer()), speaker(next));
    const text = describePeerChange(c!);
    expect(text).toBe(
      "tor (10.0.0.1): session reset: peerASN 65010 → 65099, timers.holdTimeSeconds 90 → 30, " +
        'timers.keepAliveTimeSeconds 30 → 10, families ["ipv4/unicast"] → ["ipv6/unicast"], ' +
        "TCP-MD5 password (authSecretRef) changed",
    );
    expect(text).not.toContain("hunter2");
  });

  it("the instance's ASN or router ID resets every session of it; peers come and go", () => {
    const before = speaker(peer());
    const after: SpeakerConfig = {
      node: "n",
      instances: [{ name: "i", localASN: 65011, routerId: "10.0.2.2", peers: [peer({ name: "other" })] }],
    };
    expect(speakerChanges(before, after).map((c) => c.change.kind)).toEqual(["removed", "added"]);
    const asn: SpeakerConfig = { node: "n", instances: [{ ...after.instances[0]!, peers: [peer()] }] };
    expect(speakerChanges(before, asn)[0]?.change).toEqual({
      kind: "reset",
      reasons: ["localASN 65010 → 65011"],
    });
  });
});
