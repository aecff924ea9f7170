import { describe, expect, it } from "vitest";
import { multipathNextHops } from "../../../../src/bgp/fib/index.js";
import { LocRib } from "../../../../src/bgp/rib/index.js";
import { peer, route, seq } from "../rib/support.js";

const key = "10.1.0.0/24";

describe("multipathNextHops: the next hops a prefix gets in the kernel", () => {
  it("is empty for an unknown prefix and for this node's own route", () => {
    const rib = new LocRib();
    expect(multipathNextHops(rib.get(key))).toEqual([]);
    rib.add(route({ type: "local" }));
    rib.add(route(peer("10.0.0.1", 65010), { nextHop: "10.0.0.1" }));
    expect(multipathNextHops(rib.get(key))).toEqual([]);
  });

  it("spreads over two ToRs in different ASes offering equal paths (multipath-relax)", () => {
    const rib = new LocRib();
    // Both eBGP (the node is AS 65010 in these tests).
    rib.add(route(peer("10.0.1.1", 65012), { nextHop: "10.0.1.1", asPath: [seq(65012, 65000)] }));
    rib.add(route(peer("10.0.2.1", 65011), { nextHop: "10.0.2.1", asPath: [seq(65011, 65000)] }));
    expect(multipathNextHops(rib.get(key))).toEqual(["10.0.1.1", "10.0.2.1"]);
  });

  it("does not mix an iBGP path into eBGP ones (eBGP is preferred before the tie-breakers)", () => {
    const rib = new LocRib();
    rib.add(route(peer("10.0.1.1", 65010), { nextHop: "10.0.1.1", asPath: [seq(65000)] }));
    rib.add(route(peer("10.0.2.1", 65011), { nextHop: "10.0.2.1", asPath: [seq(65011)] }));
    expect(multipathNextHops(rib.get(key))).toEqual(["10.0.2.1"]);
  });

  it("keeps only the best when the other loses on AS-path length, local preference or MED", () => {
    const longer = new LocRib();
    longer.add(route(peer("10.0.1.1", 65010), { nextHop: "10.0.1.1", asPath: [seq(65010)] }));
    longer.add(route(peer("10.0.2.1", 65011), { nextHop: "10.0.2.1", asPath: [seq(65011, 65099)] }));
    expect(multipathNextHops(longer.get(key))).toEqual(["10.0.1.1"]);
    const pref = new LocRib();
    pref.add(route(peer("10.0.1.1", 65010), { nextHop: "10.0.1.1", localPref: 200 }));
    pref.add(route(peer("10.0.2.1", 65010), { nextHop: "10.0.2.1", localPref: 100 }));
    expect(multipathNextHops(pref.get(key))).toEqual(["10.0.1.1"]);
  });

  it("follows a withdrawal of one of the equal paths", () => {
    const rib = new LocRib();
    const a = route(peer("10.0.1.1", 65010), { nextHop: "10.0.1.1" });
    rib.add(a);
    rib.add(route(peer("10.0.2.1", 65011), { nextHop: "10.0.2.1", asPath: [seq(65011)] }));
    rib.removeRoute(a);
    expect(multipathNextHops(rib.get(key))).toEqual(["10.0.2.1"]);
  });
});

describe("LocRib.trackTouched", () => {
  it("records every prefix whose candidates changed, even when the best path did not", () => {
    const rib = new LocRib();
    const a = route(peer("10.0.1.1", 65010), { nextHop: "10.0.1.1" });
    rib.add(a);
    expect(rib.drainTouched()).toEqual([]); // not tracking yet
    rib.trackTouched();
    // A second, losing path: no best-path change is reported, but the ECMP set may change.
    rib.add(route(peer("10.0.2.1", 65011), { nextHop: "10.0.2.1", asPath: [seq(65011, 1)] }));
    expect(rib.drainTouched()).toEqual([key]);
    expect(rib.drainTouched()).toEqual([]);
  });
});
