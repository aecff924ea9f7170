import { describe, expect, it } from "vitest";
import { AdjRibIn } from "../../../../src/bgp/rib/index.js";
import { attrs, v4 } from "./support.js";

const info = { address: "10.0.0.1", bgpId: "1.1.1.1", asn: 65001, ebgp: true };
const v6 = { afi: "ipv6", address: "2001:db8::", length: 64 } as const;

describe("AdjRibIn", () => {
  it("stores, replaces and withdraws by prefix, with metadata", () => {
    const rib = new AdjRibIn(info);
    const first = rib.update(v4("10.1.0.0/24"), attrs({ med: 1 }), 100);
    expect(first.source).toEqual({
      type: "peer",
      peerAddress: "10.0.0.1",
      peerBgpId: "1.1.1.1",
      peerAsn: 65001,
      ebgp: true,
    });
    expect(first).toMatchObject({ key: "10.1.0.0/24", receivedAt: 100, stale: false });
    rib.update(v4("10.1.0.0/24"), attrs({ med: 2 }), 200);
    expect(rib.size).toBe(1);
    expect(rib.get(v4("10.1.0.0/24"))?.attributes.med).toBe(2);
    expect(rib.withdraw(v4("10.1.0.0/24"))?.receivedAt).toBe(200);
    expect(rib.withdraw(v4("10.1.0.0/24"))).toBeUndefined();
    expect(rib.size).toBe(0);
  });

  it("marks routes stale, un-stales re-sent ones and sweeps the rest (RFC 4724 §4.2)", () => {
    const rib = new AdjRibIn(info);
    rib.update(v4("10.1.0.0/24"), attrs(), 0);
    rib.update(v4("10.1.1.0/24"), attrs(), 0);
    rib.update(v6, attrs(), 0);
    expect(rib.markAllStale()).toBe(3);
    rib.update(v4("10.1.0.0/24"), attrs(), 10);
    // End-of-RIB for IPv4 sweeps only IPv4.
    expect(rib.sweepStale("ipv4").map((r) => r.key)).toEqual(["10.1.1.0/24"]);
    expect(rib.get(v6)?.stale).toBe(true);
    expect(rib.sweepStale().map((r) => r.key)).toEqual(["2001:db8::/64"]);
    expect([...rib.routes()].map((r) => [r.key, r.stale])).toEqual([["10.1.0.0/24", false]]);
  });

  it("clears everything on a session loss without graceful restart", () => {
    const rib = new AdjRibIn(info);
    rib.update(v4("10.1.0.0/24"), attrs(), 0);
    expect(rib.clear()).toHaveLength(1);
    expect(rib.size).toBe(0);
  });
});
