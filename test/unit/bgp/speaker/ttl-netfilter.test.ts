import { describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../../src/bgp/config/speaker-config.js";
import { ruleSpec, ttlRules } from "../../../../src/bgp/speaker/ttl-netfilter.js";
import { unsupportedWarnings } from "../../../../src/bgp/speaker/warnings.js";

const peer = (name: string, address: string, peerASN: number, ebgpMultihop = 1): PeerConfig => ({
  name,
  address,
  peerASN,
  peerPort: 179,
  timers: { connectRetryTimeSeconds: 120, holdTimeSeconds: 90, keepAliveTimeSeconds: 30 },
  ebgpMultihop,
  families: [],
});

const config = (localPort?: number): SpeakerConfig => ({
  node: "n",
  instances: [
    {
      name: "i",
      localASN: 65010,
      routerId: "10.0.0.9",
      ...(localPort === undefined ? {} : { localPort }),
      peers: [
        peer("ibgp", "10.0.0.1", 65010),
        peer("ebgp", "10.0.0.2", 65100, 2),
        peer("any", "10.0.0.3", 0),
        peer("v6", "fd00::1", 65200),
      ],
    },
  ],
});

describe("eBGP TTL through netfilter", () => {
  it("makes one rule per eBGP peer with a known AS, none for iBGP or peerASN 0", () => {
    expect(ttlRules(config())).toEqual([
      { family: 4, address: "10.0.0.2", match: "--dport", port: 179, ttl: 2 },
      { family: 6, address: "fd00::1", match: "--dport", port: 179, ttl: 1 },
    ]);
  });

  it("covers sessions the peer opens too when the speaker listens", () => {
    expect(ttlRules(config(1790)).filter((r) => r.match === "--sport")).toEqual([
      { family: 4, address: "10.0.0.2", match: "--sport", port: 1790, ttl: 2 },
      { family: 6, address: "fd00::1", match: "--sport", port: 1790, ttl: 1 },
    ]);
  });

  it("uses TTL for IPv4 and hop limit for IPv6", () => {
    const [v4, v6] = ttlRules(config());
    expect(ruleSpec(v4!)).toEqual([
      "-p",
      "tcp",
      "-d",
      "10.0.0.2",
      "--dport",
      "179",
      "-m",
      "comment",
      "--comment",
      "fabric speaker ebgpMultihop",
      "-j",
      "TTL",
      "--ttl-set",
      "2",
    ]);
    expect(ruleSpec(v6!).slice(-4)).toEqual(["-j", "HL", "--hl-set", "1"]);
  });

  it("warns about ebgpMultihop only when nothing enforces it", () => {
    expect(unsupportedWarnings(config(), 64).some((w) => w.includes("ebgpMultihop 2"))).toBe(true);
    expect(unsupportedWarnings(config(), 64, true).some((w) => w.includes("ebgpMultihop"))).toBe(false);
  });
});
