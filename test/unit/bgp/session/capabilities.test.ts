// What our OPEN announces for each peer configuration (RFC 5492), checked as structures and,
// for the graceful-restart helper capability, as octets written by hand from RFC 4724 §3.
import { describe, expect, it } from "vitest";
import type { InstanceConfig, PeerConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { Capability } from "../../../../src/bgp/model.js";
import { sessionCapabilities } from "../../../../src/bgp/session/index.js";
import { encodeMessage, INITIAL_CONTEXT } from "../../../../src/bgp/wire/index.js";
import { Bytes } from "../../../support/bytes.js";

const instance: InstanceConfig = { name: "i", localASN: 4200000001, routerId: "10.0.0.1", peers: [] };

function peer(address: string, afis: ("ipv4" | "ipv6")[]): PeerConfig {
  return {
    name: "p",
    address,
    peerASN: 65010,
    peerPort: 179,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
    ebgpMultihop: 1,
    families: afis.map((afi) => ({ afi, safi: "unicast" as const, advertisements: [] })),
  };
}

const of = <T extends Capability["type"]>(caps: Capability[], type: T) =>
  caps.filter((c): c is Extract<Capability, { type: T }> => c.type === type);

describe("sessionCapabilities", () => {
  it("announces one multiprotocol capability per configured family (RFC 4760 §8)", () => {
    const caps = sessionCapabilities("node", instance, peer("10.0.0.2", ["ipv4", "ipv6"]));
    expect(of(caps, "multiprotocol").map((c) => c.afiSafi)).toEqual([
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
    ]);
    const v6only = sessionCapabilities("node", instance, peer("10.0.0.2", ["ipv6"]));
    expect(of(v6only, "multiprotocol").map((c) => c.afiSafi)).toEqual([{ afi: 2, safi: 1 }]);
  });

  it("announces IPv4 unicast when no family is configured", () => {
    const caps = sessionCapabilities("node", instance, peer("10.0.0.2", []));
    expect(of(caps, "multiprotocol").map((c) => c.afiSafi)).toEqual([{ afi: 1, safi: 1 }]);
  });

  it("announces route refresh, enhanced route refresh and the real 4-octet ASN", () => {
    const caps = sessionCapabilities("node", instance, peer("10.0.0.2", ["ipv4"]));
    expect(of(caps, "route-refresh")).toHaveLength(1);
    expect(of(caps, "enhanced-route-refresh")).toHaveLength(1);
    expect(of(caps, "four-octet-as")).toEqual([{ type: "four-octet-as", asn: 4200000001 }]);
  });

  it("announces the node name as FQDN hostname, cut to 64 octets", () => {
    const caps = sessionCapabilities("kind-worker2", instance, peer("10.0.0.2", ["ipv4"]));
    expect(of(caps, "fqdn")).toEqual([{ type: "fqdn", hostname: "kind-worker2", domain: "" }]);
    const long = "n".repeat(80);
    expect(of(sessionCapabilities(long, instance, peer("10.0.0.2", ["ipv4"])), "fqdn")[0]?.hostname).toBe(
      "n".repeat(64),
    );
  });

  it("announces graceful restart as receiving speaker only: restart time 0, no families (RFC 4724 §3)", () => {
    const caps = sessionCapabilities("node", instance, peer("10.0.0.2", ["ipv4", "ipv6"]));
    expect(of(caps, "graceful-restart")).toEqual([
      { type: "graceful-restart", restarting: false, restartTimeSeconds: 0, families: [] },
    ]);
    // On the wire: optional parameter 2, capability 64 of length 2, flags and time all zero.
    const open = encodeMessage(
      {
        type: "open",
        version: 4,
        myAs: 23456,
        holdTime: 9,
        bgpId: "10.0.0.1",
        capabilities: of(caps, "graceful-restart"),
      },
      INITIAL_CONTEXT,
    );
    const params = new Bytes().u8(2, 4, 64, 2).u16(0).build();
    expect(Buffer.from(open.subarray(open.length - params.length))).toEqual(Buffer.from(params));
  });

  it("with gracefulRestart.enabled: restart time, every family with F set, R only after a restart", () => {
    const p = {
      ...peer("10.0.0.2", ["ipv4", "ipv6"]),
      gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
    };
    const fresh = of(sessionCapabilities("node", instance, p), "graceful-restart");
    expect(fresh).toEqual([
      {
        type: "graceful-restart",
        restarting: false,
        restartTimeSeconds: 120,
        families: [
          { afi: 1, safi: 1, forwardingPreserved: true },
          { afi: 2, safi: 1, forwardingPreserved: true },
        ],
      },
    ]);
    const restarted = of(sessionCapabilities("node", instance, p, true), "graceful-restart");
    // On the wire (RFC 4724 §3): R (0x8) in the top nibble with 120 below it, then per family
    // AFI, SAFI and the flags octet with F (0x80).
    const open = encodeMessage(
      { type: "open", version: 4, myAs: 23456, holdTime: 9, bgpId: "10.0.0.1", capabilities: restarted },
      INITIAL_CONTEXT,
    );
    const params = new Bytes()
      .u8(2, 12, 64, 10)
      .u16(0x8000 | 120)
      .u16(1)
      .u8(1, 0x80)
      .u16(2)
      .u8(1, 0x80)
      .build();
    expect(Buffer.from(open.subarray(open.length - params.length))).toEqual(Buffer.from(params));
    // Disabled is the helper-only form, restarted or not: a crash withdraws, as on Cilium.
    const off = { ...p, gracefulRestart: { enabled: false, restartTimeSeconds: 120 } };
    expect(of(sessionCapabilities("node", instance, off, true), "graceful-restart")[0]).toMatchObject({
      restarting: false,
      restartTimeSeconds: 0,
      families: [],
    });
  });

  it("announces extended next hop only for IPv4 unicast over an IPv6 peering (RFC 8950)", () => {
    const v6peer = sessionCapabilities("node", instance, peer("fd00::2", ["ipv4", "ipv6"]));
    expect(of(v6peer, "extended-next-hop")).toEqual([
      { type: "extended-next-hop", entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
    ]);
    // IPv4 implied by no families counts too.
    expect(of(sessionCapabilities("node", instance, peer("fd00::2", [])), "extended-next-hop")).toHaveLength(
      1,
    );
    expect(of(sessionCapabilities("node", instance, peer("fd00::2", ["ipv6"])), "extended-next-hop")).toEqual(
      [],
    );
    expect(
      of(sessionCapabilities("node", instance, peer("10.0.0.2", ["ipv4", "ipv6"])), "extended-next-hop"),
    ).toEqual([]);
  });
});
