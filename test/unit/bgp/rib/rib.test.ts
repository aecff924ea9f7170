import { describe, expect, it } from "vitest";
import type { InboundPolicy } from "../../../../src/bgp/config/speaker-config.js";
import type { ExportPeer, ReceivedRoutes } from "../../../../src/bgp/rib/index.js";
import { Rib, originate } from "../../../../src/bgp/rib/index.js";
import type { Prefix } from "../../../../src/bgp/model.js";
import { LOCAL_ASN, attrs, seq, v4 } from "./support.js";

const tor = { address: "10.0.1.1", bgpId: "10.0.1.1", asn: 65001, ebgp: true };
const other = { address: "10.0.2.1", bgpId: "10.0.2.1", asn: 65002, ebgp: true };
const torOut: ExportPeer = { address: tor.address, asn: tor.asn, nextHop: { ipv4: "10.0.1.2" } };
const IMPORT: InboundPolicy = { mode: "import", maxPrefixes: 1_000_000 };
const otherOut: ExportPeer = { address: other.address, asn: other.asn, nextHop: { ipv4: "10.0.2.2" } };

function nthPrefix(i: number): Prefix {
  // 100,000 distinct /32s: 10.x.y.z with i spread over the low three octets.
  return { afi: "ipv4", address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, length: 32 };
}

describe("Rib", () => {
  it("takes 100,000 IPv4 prefixes from one peer and exports them all", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, IMPORT);
    rib.peerUp(other, IMPORT);
    rib.exportTo(otherOut, 0);
    const shared = attrs({ asPath: [seq(65001, 65100)], nextHop: "10.0.1.1" });
    const announce = Array.from({ length: 100_000 }, (_, i) => ({
      prefix: nthPrefix(i),
      attributes: shared,
    }));
    const { changes } = rib.receive(tor.address, { announced: announce, withdrawn: [] }, 1);
    expect(changes).toHaveLength(100_000);
    expect(rib.locRib.size).toBe(100_000);
    expect(rib.adjRibIn(tor.address)?.size).toBe(100_000);
    const diffs = rib.propagate(changes, 2);
    const diff = diffs.get(other.address);
    expect(diff?.announce).toHaveLength(100_000);
    expect(diffs.has(tor.address)).toBe(false);
    expect(rib.locRib.best("10.1.134.159/32")?.attributes).toBe(shared);
    expect(rib.adjRibOut(other.address)?.get("10.1.134.159/32")?.attributes.asPath).toEqual([
      seq(LOCAL_ASN, 65001, 65100),
    ]);
    // Withdraw every other prefix; the rest stays.
    const withdraw = Array.from({ length: 50_000 }, (_, i) => nthPrefix(i * 2));
    const w = rib.receive(tor.address, { announced: [], withdrawn: withdraw }, 3).changes;
    expect(w.every((c) => c.type === "withdrawn")).toBe(true);
    expect(rib.locRib.size).toBe(50_000);
    expect(rib.propagate(w, 4).get(other.address)?.withdraw).toHaveLength(50_000);
    expect(rib.adjRibOut(other.address)?.size).toBe(50_000);
    expect(rib.locRib.best(`${nthPrefix(1).address}/32`)).toBeDefined();
    expect(rib.locRib.best(`${nthPrefix(2).address}/32`)).toBeUndefined();
  });

  it("keeps a graceful-restart peer's routes stale across a session loss and sweeps at End-of-RIB", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, IMPORT);
    const update: ReceivedRoutes = {
      announced: [v4("10.5.0.0/24"), v4("10.5.1.0/24")].map((prefix) => ({
        prefix,
        attributes: attrs({ asPath: [seq(65001)] }),
      })),
      withdrawn: [],
    };
    rib.receive(tor.address, update, 0);
    expect(rib.peerDown(tor.address, true)).toEqual([]);
    expect(rib.locRib.best("10.5.0.0/24")?.stale).toBe(true);
    rib.peerUp(tor, IMPORT);
    rib.receive(tor.address, { announced: update.announced.slice(0, 1), withdrawn: [] }, 10);
    expect(rib.locRib.best("10.5.0.0/24")?.stale).toBe(false);
    const swept = rib.sweepStale(tor.address, "ipv4");
    expect(swept).toEqual([expect.objectContaining({ type: "withdrawn", prefix: v4("10.5.1.0/24") })]);
    expect(rib.locRib.size).toBe(1);
  });

  it("withdraws everything from a peer without graceful restart, falling back to other paths", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, IMPORT);
    rib.peerUp(other, IMPORT);
    rib.receive(
      tor.address,
      {
        announced: [{ prefix: v4("10.7.0.0/24"), attributes: attrs({ asPath: [seq(65001)] }) }],
        withdrawn: [],
      },
      0,
    );
    rib.receive(
      other.address,
      {
        announced: [{ prefix: v4("10.7.0.0/24"), attributes: attrs({ asPath: [seq(65002, 1)] }) }],
        withdrawn: [],
      },
      0,
    );
    expect(rib.locRib.best("10.7.0.0/24")?.source).toMatchObject({ peerAddress: tor.address });
    const changes = rib.peerDown(tor.address, false);
    expect(changes).toEqual([expect.objectContaining({ type: "best", reason: "only-path" })]);
    expect(rib.locRib.best("10.7.0.0/24")?.source).toMatchObject({ peerAddress: other.address });
  });

  it("originates and withdraws local routes to every exporting peer", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.exportTo(torOut, 0);
    rib.exportTo(otherOut, 0);
    const pod = originate("10.1.0.0/24", { standardCommunities: ["65000:1"], largeCommunities: [] }, 1);
    const diffs = rib.propagate(rib.originate(pod), 1);
    expect([...diffs.keys()].sort()).toEqual([tor.address, other.address]);
    expect(diffs.get(tor.address)?.announce[0]?.attributes).toMatchObject({
      asPath: [seq(LOCAL_ASN)],
      nextHop: "10.0.1.2",
    });
    const gone = rib.propagate(rib.withdrawLocal(pod.prefix), 2);
    expect(gone.get(other.address)?.withdraw).toEqual([pod.prefix]);
  });

  it("refuses UPDATEs for a peer it does not know", () => {
    expect(() =>
      new Rib({ localAsn: LOCAL_ASN }).receive("10.9.9.9", { announced: [], withdrawn: [] }, 0),
    ).toThrow(/peerUp/);
  });
});
