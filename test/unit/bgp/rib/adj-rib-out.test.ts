import { describe, expect, it } from "vitest";
import type { ExportPeer } from "../../../../src/bgp/rib/index.js";
import { AdjRibOut, LocRib, originate } from "../../../../src/bgp/rib/index.js";
import { LOCAL_ASN, peer, route, seq, v4 } from "./support.js";

const ctx = { localAsn: LOCAL_ASN };
const ibgpPeer: ExportPeer = { address: "10.0.1.1", asn: LOCAL_ASN, nextHop: { ipv4: "10.0.1.100" } };
const fromEbgp = peer("10.0.0.2", 65002);
const fromIbgp = peer("10.0.1.2", LOCAL_ASN);

describe("AdjRibOut", () => {
  it("announces new best paths once and re-announces only when the attributes change", () => {
    const loc = new LocRib();
    const out = new AdjRibOut(ibgpPeer, ctx);
    const d1 = out.apply([loc.add(route(fromEbgp, { med: 5 }, v4("10.2.0.0/24"), 1))!], 10);
    expect(d1.announce.map((a) => [a.key, a.attributes.med, a.advertisedAt])).toEqual([
      ["10.2.0.0/24", 5, 10],
    ]);
    expect(d1.withdraw).toEqual([]);
    // Same attributes again (a duplicate UPDATE): nothing to send, age kept.
    const d2 = out.apply([loc.add(route(fromEbgp, { med: 5 }, v4("10.2.0.0/24"), 2))!], 20);
    expect(d2).toEqual({ announce: [], withdraw: [] });
    expect(out.get("10.2.0.0/24")?.advertisedAt).toBe(10);
    const d3 = out.apply([loc.add(route(fromEbgp, { med: 6 }, v4("10.2.0.0/24"), 3))!], 30);
    expect(d3.announce).toHaveLength(1);
  });

  it("withdraws when the best path disappears or becomes one the peer may not get", () => {
    const loc = new LocRib();
    const out = new AdjRibOut(ibgpPeer, ctx);
    const external = route(fromEbgp, { asPath: [seq(65002, 1)] });
    out.apply([loc.add(external)!], 0);
    // A better iBGP-learned path wins; it must not go to an iBGP peer, so we withdraw.
    const internal = route(fromIbgp, { localPref: 300 });
    const d = out.apply([loc.add(internal)!], 1);
    expect(d).toEqual({ announce: [], withdraw: [external.prefix] });
    expect(out.size).toBe(0);
    // Withdrawing what is not advertised sends nothing.
    expect(out.apply([loc.removeRoute(internal)!], 2).announce).toHaveLength(1);
    expect(out.apply([loc.removeRoute(external)!], 3)).toEqual({ announce: [], withdraw: [external.prefix] });
  });

  it("sync sends the full table, then only differences after a settings change", () => {
    const loc = new LocRib();
    loc.add(originate("10.1.0.0/24", { standardCommunities: [], largeCommunities: [] }, 0));
    loc.add(originate("10.1.1.0/24", { standardCommunities: [], largeCommunities: [] }, 0));
    loc.add(route(fromIbgp, {}, v4("10.9.0.0/24")));
    const out = new AdjRibOut(ibgpPeer, ctx);
    const full = out.sync(loc, 5);
    expect(full.announce.map((a) => a.key).sort()).toEqual(["10.1.0.0/24", "10.1.1.0/24"]);
    const narrowed: ExportPeer = {
      ...ibgpPeer,
      originated: new Map([["10.1.0.0/24", { standardCommunities: [], largeCommunities: [] }]]),
    };
    expect(out.sync(loc, 6, narrowed)).toEqual({
      announce: [],
      withdraw: [{ afi: "ipv4", address: "10.1.1.0", length: 24 }],
    });
    expect(out.sync(loc, 7)).toEqual({ announce: [], withdraw: [] });
  });
});
