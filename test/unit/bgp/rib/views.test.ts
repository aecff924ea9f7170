import { describe, expect, it } from "vitest";
import type { ExportPeer } from "../../../../src/bgp/rib/index.js";
import {
  LocRib,
  Rib,
  formatAge,
  formatAsPath,
  originate,
  routesAdvertised,
  routesAvailable,
} from "../../../../src/bgp/rib/index.js";
import { LOCAL_ASN, peer, route, seq, v4 } from "./support.js";

describe("routesAvailable", () => {
  it("lists every path sorted by prefix numerically, best first, with age and reason", () => {
    const loc = new LocRib();
    loc.add(
      route(peer("10.0.0.1", 65001), { med: 7, communities: [65000 * 65536 + 5] }, v4("10.0.0.0/24"), 1_000),
    );
    loc.add(route(peer("10.0.0.2", 65002), { asPath: [seq(65002, 9)] }, v4("10.0.0.0/24"), 2_000));
    loc.add(originate("9.0.0.0/8", { standardCommunities: [], largeCommunities: [] }, 3_000));
    loc.add(route(peer("10.0.0.1", 65001), {}, v4("10.0.0.0/16"), 0));
    const rows = routesAvailable(loc, 63_000);
    expect(rows.map((r) => [r.prefix, r.from, r.best])).toEqual([
      ["9.0.0.0/8", "local", true],
      ["10.0.0.0/16", "10.0.0.1", true],
      ["10.0.0.0/24", "10.0.0.1", true],
      ["10.0.0.0/24", "10.0.0.2", false],
    ]);
    expect(rows[0]).toMatchObject({
      nextHop: "0.0.0.0",
      ageMs: 60_000,
      origin: "i",
      asPath: "",
      reason: "only-path",
    });
    expect(rows[2]).toMatchObject({ med: 7, communities: ["65000:5"], asPath: "65001", reason: "as-path" });
    expect(rows[3]?.reason).toBeUndefined();
    expect(routesAvailable(loc, 0, { afi: "ipv6" })).toEqual([]);
  });
});

describe("routesAdvertised", () => {
  it("shows what a peer was sent, as sent", () => {
    const rib = new Rib({ localAsn: LOCAL_ASN });
    const tor: ExportPeer = { address: "10.0.1.1", asn: 65001, nextHop: { ipv4: "10.0.1.2" } };
    rib.exportTo(tor, 0);
    rib.propagate(
      rib.originate(
        originate("10.1.0.0/24", { standardCommunities: [], largeCommunities: ["1:2:3"] }, 5_000),
      ),
      5_000,
    );
    const out = rib.adjRibOut(tor.address);
    if (!out) throw new Error("no Adj-RIB-Out");
    expect(routesAdvertised(out, 17_000)).toEqual([
      {
        prefix: "10.1.0.0/24",
        afi: "ipv4",
        nextHop: "10.0.1.2",
        ageMs: 12_000,
        from: "local",
        best: true,
        stale: false,
        asPath: String(LOCAL_ASN),
        origin: "i",
        communities: [],
        largeCommunities: ["1:2:3"],
      },
    ]);
  });
});

describe("formatting", () => {
  it("formats AS paths with sets and confederation segments", () => {
    expect(formatAsPath([seq(1, 2), { type: 1, asns: [3, 4] }, { type: 3, asns: [5] }])).toBe(
      "1 2 {3,4} (5)",
    );
  });

  it("formats ages like Go durations", () => {
    expect([999, 45_000, 192_000, 7_205_000].map(formatAge)).toEqual(["0s", "45s", "3m12s", "2h0m5s"]);
  });
});
