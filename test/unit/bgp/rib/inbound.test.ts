// Cilium's default (inbound routes counted, never kept), the opt-in import with its
// maximum-prefix limit, and the compact structures behind both.
import { describe, expect, it } from "vitest";
import { REJECT_INBOUND } from "../../../../src/bgp/config/speaker-config.js";
import type { Prefix } from "../../../../src/bgp/model.js";
import { AttributeInterner, PrefixSet, Rib } from "../../../../src/bgp/rib/index.js";
import { LOCAL_ASN, attrs, seq, v4 } from "./support.js";

const tor = { address: "10.0.1.1", bgpId: "10.0.1.1", asn: 65001, ebgp: true };
const v6 = (text: string): Prefix => {
  const [address = "", length = "0"] = text.split("/");
  return { afi: "ipv6", address, length: Number(length) };
};
const announce = (prefixes: Prefix[], asn = 65001) => ({
  announced: prefixes.map((prefix) => ({ prefix, attributes: attrs({ asPath: [seq(asn)] }) })),
  withdrawn: [],
});
const nth = (i: number): Prefix => v4(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);

describe("inbound routes rejected (Cilium >= 1.16, the default)", () => {
  it("counts what the peer announces but keeps nothing in the Adj-RIB-In or the Loc-RIB", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    expect(rib.peerUp(tor, REJECT_INBOUND)).toEqual([]);
    const out = rib.receive(
      tor.address,
      announce([v4("10.7.0.0/24"), v4("10.7.1.0/24"), v6("fd00::/64")]),
      1,
    );
    expect(out).toEqual({ changes: [] });
    expect(rib.locRib.size).toBe(0);
    expect(rib.adjRibIn(tor.address)).toBeUndefined();
    expect([rib.received(tor.address, "ipv4"), rib.received(tor.address, "ipv6")]).toEqual([2, 1]);
    // A re-announcement (implicit withdraw) is not a new prefix; withdrawing an unknown one is a no-op.
    rib.receive(tor.address, announce([v4("10.7.0.0/24")], 65002), 2);
    rib.receive(tor.address, { announced: [], withdrawn: [v4("10.9.0.0/24"), v4("10.7.1.0/24")] }, 3);
    expect(rib.received(tor.address, "ipv4")).toBe(1);
    rib.peerDown(tor.address, true);
    expect(rib.received(tor.address, "ipv4")).toBe(0);
  });

  it("drops routes kept from an earlier importing session when the new one rejects", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, { mode: "import", maxPrefixes: 10 });
    rib.receive(tor.address, announce([v4("10.7.0.0/24")]), 1);
    rib.peerDown(tor.address, true); // graceful restart: kept, stale
    expect(rib.locRib.size).toBe(1);
    const changes = rib.peerUp(tor, REJECT_INBOUND);
    expect(changes).toEqual([expect.objectContaining({ type: "withdrawn", prefix: v4("10.7.0.0/24") })]);
    expect(rib.locRib.size).toBe(0);
  });
});

describe("inbound routes imported (opt-in)", () => {
  it("accepts up to maxPrefixes per family and reports the first prefix beyond it", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, { mode: "import", maxPrefixes: 3 });
    const first = rib.receive(tor.address, announce([nth(0), nth(1), nth(2), v6("fd00::/64")]), 1);
    expect(first.overLimit).toBeUndefined();
    // Replacing a kept prefix is not growth; a fourth IPv4 prefix is.
    expect(rib.receive(tor.address, announce([nth(2)], 65009), 2).overLimit).toBeUndefined();
    const over = rib.receive(tor.address, announce([nth(3), nth(4)]), 3);
    expect(over.overLimit).toEqual({ afi: "ipv4", limit: 3 });
    expect(rib.received(tor.address, "ipv4")).toBe(3);
    expect(rib.locRib.best(`${nth(3).address}/32`)).toBeUndefined();
  });

  it("shares one attributes object among routes from different UPDATEs with the same attributes", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, { mode: "import", maxPrefixes: 10 });
    rib.receive(tor.address, announce([nth(0)]), 1);
    rib.receive(tor.address, announce([nth(1)]), 2);
    rib.receive(tor.address, announce([nth(2)], 65002), 3);
    const a = (i: number) => rib.locRib.best(`${nth(i).address}/32`)?.attributes;
    expect(a(0)).toBe(a(1));
    expect(a(2)).not.toBe(a(0));
    expect(a(2)?.asPath).toEqual([seq(65002)]);
  });

  it("returns the routes' memory when the session drops", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    rib.peerUp(tor, { mode: "import", maxPrefixes: 100_000 });
    rib.receive(tor.address, announce(Array.from({ length: 50_000 }, (_, i) => nth(i))), 1);
    expect(rib.locRib.size).toBe(50_000);
    expect(rib.peerDown(tor.address, false)).toHaveLength(50_000);
    expect(rib.locRib.size).toBe(0);
    expect(rib.adjRibIn(tor.address)).toBeUndefined();
    expect(rib.received(tor.address, "ipv4")).toBe(0);
  });
});

describe("PrefixSet", () => {
  it("tracks membership through growth, deletions and re-insertions", () => {
    const set = new PrefixSet();
    const n = 20_000;
    for (let i = 0; i < n; i++) expect(set.add(nth(i))).toBe(true);
    expect(set.add(nth(7))).toBe(false);
    for (let i = 0; i < n; i += 2) expect(set.delete(nth(i))).toBe(true);
    expect(set.delete(nth(0))).toBe(false);
    expect(set.count("ipv4")).toBe(n / 2);
    for (let i = 0; i < n; i += 2) expect(set.add(nth(i))).toBe(true);
    expect(set.count("ipv4")).toBe(n);
    // Same address, other length: another prefix.
    expect(set.add(v4("10.0.0.0/24"))).toBe(true);
    expect(set.add(v6("fd00::/64"))).toBe(true);
    expect(set.add(v6("fd00::/64"))).toBe(false);
    expect([set.count("ipv4"), set.count("ipv6")]).toEqual([n + 1, 1]);
    set.clear();
    expect([set.count("ipv4"), set.count("ipv6")]).toEqual([0, 0]);
  });
});

describe("AttributeInterner", () => {
  it("gives back the first object of equal attributes, byte arrays included", () => {
    const interner = new AttributeInterner();
    const unknown = [{ flags: 0xc0, typeCode: 99, value: new Uint8Array([1, 2]) }];
    const a = interner.intern(attrs({ asPath: [seq(1)], unknown }));
    expect(
      interner.intern(
        attrs({ asPath: [seq(1)], unknown: [{ ...unknown[0]!, value: new Uint8Array([1, 2]) }] }),
      ),
    ).toBe(a);
    expect(
      interner.intern(
        attrs({ asPath: [seq(1)], unknown: [{ ...unknown[0]!, value: new Uint8Array([1, 3]) }] }),
      ),
    ).not.toBe(a);
  });
});
