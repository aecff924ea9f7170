import { describe, expect, it } from "vitest";
import type { ExportDecision, ExportPeer } from "../../../../src/bgp/rib/index.js";
import { exportRoute, originate, prependAs } from "../../../../src/bgp/rib/index.js";
import { WELL_KNOWN_COMMUNITIES } from "../../../../src/bgp/model.js";
import { LOCAL_ASN, peer, route, seq } from "./support.js";

const ctx = { localAsn: LOCAL_ASN };
const ebgpPeer: ExportPeer = { address: "10.0.0.1", asn: 65001, nextHop: { ipv4: "10.0.0.100" } };
const ibgpPeer: ExportPeer = { address: "10.0.1.1", asn: LOCAL_ASN, nextHop: { ipv4: "10.0.1.100" } };
const fromEbgp = peer("10.0.0.2", 65002);
const fromIbgp = peer("10.0.1.2", LOCAL_ASN);

function advertised(d: ExportDecision) {
  if (d.type !== "advertise") throw new Error(`rejected: ${d.reason}`);
  return d.attributes;
}

describe("exportRoute", () => {
  it("never sends a route back to the peer it came from", () => {
    expect(exportRoute(route(peer("10.0.0.1", 65001)), ebgpPeer, ctx)).toEqual({
      type: "reject",
      reason: "learned from this peer",
    });
  });

  it("does not send iBGP-learned routes to iBGP peers, but does to eBGP peers", () => {
    expect(exportRoute(route(fromIbgp), ibgpPeer, ctx).type).toBe("reject");
    expect(exportRoute(route(fromIbgp), ebgpPeer, ctx).type).toBe("advertise");
  });

  it("to eBGP: prepends our AS, sets next hop self, strips LOCAL_PREF and a learned MED", () => {
    const a = advertised(
      exportRoute(
        route(fromEbgp, {
          localPref: 300,
          med: 50,
          nextHop: "10.0.0.2",
          originatorId: "1.1.1.1",
          clusterList: ["2.2.2.2"],
        }),
        ebgpPeer,
        ctx,
      ),
    );
    expect(a.asPath).toEqual([seq(LOCAL_ASN, 65002)]);
    expect(a.nextHop).toBe("10.0.0.100");
    expect(a.localPref).toBeUndefined();
    expect(a.med).toBeUndefined();
    expect(a.originatorId).toBeUndefined();
    expect(a.clusterList).toBeUndefined();
  });

  it("to iBGP: keeps AS_PATH, next hop and MED of an eBGP route and sets LOCAL_PREF 100 if absent", () => {
    const a = advertised(exportRoute(route(fromEbgp, { med: 50, nextHop: "10.0.0.2" }), ibgpPeer, ctx));
    expect(a.asPath).toEqual([seq(65002)]);
    expect(a.nextHop).toBe("10.0.0.2");
    expect(a.med).toBe(50);
    expect(a.localPref).toBe(100);
    expect(advertised(exportRoute(route(fromEbgp, { localPref: 250 }), ibgpPeer, ctx)).localPref).toBe(250);
  });

  it("sends locally originated routes to every peer with their communities; LOCAL_PREF to iBGP only", () => {
    const local = originate(
      "10.1.2.0/24",
      { standardCommunities: ["65000:100"], largeCommunities: ["65000:1:2"], localPreference: 200 },
      0,
    );
    const toIbgp = advertised(exportRoute(local, ibgpPeer, ctx));
    expect(toIbgp).toMatchObject({ asPath: [], nextHop: "10.0.1.100", localPref: 200, origin: 0 });
    expect(toIbgp.communities).toEqual([65000 * 65536 + 100]);
    expect(toIbgp.largeCommunities).toEqual([{ globalAdmin: 65000, localData1: 1, localData2: 2 }]);
    const toEbgp = advertised(exportRoute(local, ebgpPeer, ctx));
    expect(toEbgp).toMatchObject({ asPath: [seq(LOCAL_ASN)], nextHop: "10.0.0.100" });
    expect(toEbgp.localPref).toBeUndefined();
    expect(toEbgp.communities).toEqual([65000 * 65536 + 100]);
  });

  it("uses a peer's own advertisement attributes and skips local prefixes it does not select", () => {
    const local = originate("10.1.2.0/24", { standardCommunities: [], largeCommunities: [] }, 0);
    const selective: ExportPeer = {
      ...ibgpPeer,
      originated: new Map([
        ["10.1.2.0/24", { standardCommunities: ["1:1"], largeCommunities: [], localPreference: 90 }],
      ]),
    };
    expect(advertised(exportRoute(local, selective, ctx))).toMatchObject({
      communities: [65537],
      localPref: 90,
    });
    const none: ExportPeer = { ...ibgpPeer, originated: new Map() };
    expect(exportRoute(local, none, ctx)).toEqual({ type: "reject", reason: "not advertised to this peer" });
  });

  it("honours NO_ADVERTISE and NO_EXPORT (RFC 1997)", () => {
    const noAdv = route(fromEbgp, { communities: [WELL_KNOWN_COMMUNITIES["no-advertise"]] });
    expect(exportRoute(noAdv, ibgpPeer, ctx).type).toBe("reject");
    const noExp = route(fromEbgp, { communities: [WELL_KNOWN_COMMUNITIES["no-export"]] });
    expect(exportRoute(noExp, ebgpPeer, ctx).type).toBe("reject");
    expect(exportRoute(noExp, ibgpPeer, ctx).type).toBe("advertise");
  });

  it("rejects when we have no next hop of the prefix's family for an eBGP peer", () => {
    const v6 = route(fromEbgp, {}, { afi: "ipv6", address: "2001:db8::", length: 64 });
    expect(exportRoute(v6, ebgpPeer, ctx)).toEqual({
      type: "reject",
      reason: "no local ipv6 next hop for this peer",
    });
    const dual: ExportPeer = { ...ebgpPeer, nextHop: { ipv6: "2001:db8:1::1", ipv6LinkLocal: "fe80::1" } };
    expect(advertised(exportRoute(v6, dual, ctx))).toMatchObject({
      nextHop: "2001:db8:1::1",
      linkLocalNextHop: "fe80::1",
    });
  });
});

describe("prependAs", () => {
  it("prepends into a leading AS_SEQUENCE, or starts a new one", () => {
    expect(prependAs([seq(2, 3)], 1)).toEqual([seq(1, 2, 3)]);
    expect(prependAs([], 1)).toEqual([seq(1)]);
    expect(prependAs([{ type: 1, asns: [5, 6] }], 1)).toEqual([seq(1), { type: 1, asns: [5, 6] }]);
    const full = seq(...Array.from({ length: 255 }, (_, i) => i + 1));
    expect(prependAs([full], 7)).toEqual([seq(7), full]);
  });
});
