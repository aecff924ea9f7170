// Golden bytes captured from FRR 8.4, BIRD 2.0.12 and GoBGP 3.10 talking to each other
// (procedure in test/fixtures/bgp/captured/README.md). The expected values below come from the
// daemons' configurations in that directory, not from our decoder.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { WELL_KNOWN_COMMUNITIES } from "../../../../src/bgp/model.js";
import {
  decodeMessage,
  encodeMessage,
  Framer,
  type CodecContext,
  type ReceivedMessage,
  type ReceivedUpdate,
} from "../../../../src/bgp/wire/index.js";
import { fromHex, toHex } from "../../../support/bytes.js";

interface Captured {
  readonly comment: string;
  readonly hex: string;
}

const DIR = fileURLToPath(new URL("../../../fixtures/bgp/captured/", import.meta.url));

function load(file: string): Captured[] {
  const out: Captured[] = [];
  let comment = "";
  for (const line of readFileSync(DIR + file, "utf8").split("\n")) {
    if (line.startsWith("#")) comment = line.slice(1).trim();
    else if (line.trim() !== "") out.push({ comment, hex: line.trim() });
  }
  return out;
}

/** BIRD ran with `enable as4 off` on the IPv4 session, so that session is 2-octet AS. */
const FILES: Record<string, CodecContext> = {
  "frr-bird-ipv4-as2.hex": { fourOctetAs: false },
  "frr-bird-ipv6.hex": { fourOctetAs: true },
  "frr-gobgp-ibgp.hex": { fourOctetAs: true },
};

const ALL = Object.entries(FILES).flatMap(([file, ctx]) => load(file).map((c) => ({ ...c, file, ctx })));

function find(file: string, fragment: string): ReceivedMessage {
  const hit = ALL.find((c) => c.file === file && c.comment.includes(fragment));
  if (hit === undefined) throw new Error(`no captured message "${fragment}" in ${file}`);
  return decodeMessage(fromHex(hit.hex), hit.ctx);
}

function findUpdate(file: string, fragment: string): ReceivedUpdate {
  const m = find(file, fragment);
  if (m.type !== "update") throw new Error(`${fragment} is not an UPDATE`);
  return m;
}

const c = (asn: number, value: number) => asn * 0x10000 + value;
const v4 = (address: string, length: number) => ({ afi: "ipv4", address, length }) as const;

describe("captured messages", () => {
  it("holds messages from all three daemons", () => {
    expect(ALL.length).toBeGreaterThan(30);
    for (const who of ["FRR", "BIRD", "GoBGP"]) expect(ALL.some((m) => m.comment.startsWith(who))).toBe(true);
  });

  it.each(ALL.map((m) => [m.file, m.comment, m] as const))("%s: %s decodes cleanly", (_f, _c, m) => {
    const msg = decodeMessage(fromHex(m.hex), m.ctx);
    if (msg.type === "update") {
      expect(msg.treatAsWithdraw).toBeUndefined();
      expect(msg.discarded).toEqual([]);
    }
  });

  it.each(ALL.map((m) => [m.file, m.comment, m] as const))(
    "%s: %s re-encodes to the same octets",
    (_f, _c, m) => {
      const again = toHex(encodeMessage(decodeMessage(fromHex(m.hex), m.ctx), m.ctx));
      expect(again).toBe(m.hex);
    },
  );

  it("frames each capture file's stream back into the same messages", () => {
    for (const file of Object.keys(FILES)) {
      const msgs = ALL.filter((m) => m.file === file);
      const stream = fromHex(msgs.map((m) => m.hex).join(""));
      const f = new Framer();
      const out: string[] = [];
      for (let i = 0; i < stream.length; i += 7) out.push(...f.push(stream.slice(i, i + 7)).map(toHex));
      expect(out).toEqual(msgs.map((m) => m.hex));
    }
  });
});

describe("values in the captures", () => {
  const V4 = "frr-bird-ipv4-as2.hex";
  const V6 = "frr-bird-ipv6.hex";
  const IBGP = "frr-gobgp-ibgp.hex";

  it("BIRD's 2-octet OPEN: AS 65002, hold 240, no 4-octet AS capability, one parameter", () => {
    const open = find(V4, "BIRD 2.0.12 -> FRR: OPEN");
    if (open.type !== "open") throw new Error("not an OPEN");
    expect([open.myAs, open.holdTime, open.bgpId]).toEqual([65002, 240, "192.0.2.2"]);
    expect(open.capabilities.some((x) => x.type === "four-octet-as")).toBe(false);
    expect(open.capabilities).toContainEqual({ type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } });
    expect(open.capabilities).toContainEqual({ type: "enhanced-route-refresh" });
    expect(open.capabilityPacking).toBe("single-parameter");
  });

  it("FRR's OPEN: 4-octet AS 65001, hostname capability, graceful restart", () => {
    const open = find(IBGP, "FRR -> GoBGP (iBGP): OPEN");
    if (open.type !== "open") throw new Error("not an OPEN");
    expect([open.myAs, open.holdTime, open.bgpId]).toEqual([65001, 180, "192.0.2.1"]);
    expect(open.capabilities).toContainEqual({ type: "four-octet-as", asn: 65001 });
    expect(open.capabilities).toContainEqual({ type: "fqdn", hostname: "wirecap-frr", domain: "" });
    expect(open.capabilities).toContainEqual({ type: "multiprotocol", afiSafi: { afi: 2, safi: 1 } });
    expect(open.capabilities).toContainEqual({
      type: "graceful-restart",
      restarting: true,
      notification: true,
      restartTimeSeconds: 120,
      families: [],
    });
  });

  it("GoBGP's OPEN offers IPv4 routes over IPv6 next hops (RFC 8950)", () => {
    const open = find(IBGP, "GoBGP 3.10 -> FRR: OPEN");
    if (open.type !== "open") throw new Error("not an OPEN");
    expect(open.holdTime).toBe(90);
    expect(open.capabilities).toContainEqual({
      type: "extended-next-hop",
      entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }],
    });
  });

  it("FRR towards 2-octet BIRD: AS_TRANS + AS4_PATH merged back into the real path", () => {
    const u = findUpdate(V4, "UPDATE 10.30.2.0/23");
    expect(u.nlri).toEqual([v4("10.30.2.0", 23)]);
    expect(u.attributes.origin).toBe(2);
    expect(u.attributes.nextHop).toBe("192.0.2.1");
    // FRR prepends 4200000001 towards BIRD; GoBGP originated with 64512 4200000002.
    expect(u.attributes.asPath).toEqual([{ type: 2, asns: [65001, 4200000001, 64512, 4200000002] }]);
  });

  it("BIRD's 10.20.1.0/24: MED 77, two communities, a large community", () => {
    const u = findUpdate(V4, "BIRD -> FRR: UPDATE 10.20.1.0/24");
    expect(u.announced.map((r) => r.prefix)).toEqual([v4("10.20.1.0", 24)]);
    expect(u.attributes).toMatchObject({
      origin: 0,
      asPath: [{ type: 2, asns: [65002] }],
      nextHop: "192.0.2.2",
      med: 77,
      communities: [c(65002, 300), c(65002, 301)],
      largeCommunities: [{ globalAdmin: 65002, localData1: 3, localData2: 4 }],
    });
  });

  it("End-of-RIB markers from FRR and BIRD, IPv4 and IPv6", () => {
    expect(findUpdate(V4, "FRR -> BIRD: UPDATE End-of-RIB").endOfRib).toEqual({ afi: 1, safi: 1 });
    expect(findUpdate(V4, "BIRD -> FRR: UPDATE End-of-RIB").endOfRib).toEqual({ afi: 1, safi: 1 });
    expect(findUpdate(V6, "FRR -> BIRD (IPv6 session): UPDATE End-of-RIB").endOfRib).toEqual({
      afi: 2,
      safi: 1,
    });
    expect(findUpdate(V6, "BIRD -> FRR (IPv6 session): UPDATE End-of-RIB").endOfRib).toEqual({
      afi: 2,
      safi: 1,
    });
    expect(findUpdate(V4, "BIRD -> FRR: UPDATE 10.20.2.0/24").endOfRib).toBeUndefined();
  });

  it("BIRD's IPv6 route: 32-octet next hop (global + link-local) and its communities", () => {
    const u = findUpdate(V6, "BIRD -> FRR (IPv6 session): UPDATE MP_REACH_NLRI");
    expect(u.mpReach?.nextHop).toBe("fd00:1::2");
    expect(u.mpReach?.linkLocalNextHop).toMatch(/^fe80::/);
    expect(u.announced).toHaveLength(1);
    expect(u.announced[0]?.prefix).toEqual({ afi: "ipv6", address: "2001:db8:20::", length: 48 });
    expect(u.announced[0]?.attributes).toMatchObject({
      nextHop: "fd00:1::2",
      communities: [c(65002, 600)],
      largeCommunities: [{ globalAdmin: 65002, localData1: 6, localData2: 6 }],
    });
  });

  it("IPv6 withdrawals through MP_UNREACH_NLRI", () => {
    const u = findUpdate(V6, "MP_UNREACH_NLRI withdrawing 2001:db8:30::/48");
    expect(u.withdrawn).toEqual([{ afi: "ipv6", address: "2001:db8:30::", length: 48 }]);
    expect(u.endOfRib).toBeUndefined();
    const g = findUpdate(IBGP, "GoBGP -> FRR: UPDATE MP_UNREACH_NLRI");
    expect(g.withdrawn).toEqual([{ afi: "ipv6", address: "2001:db8:30::", length: 48 }]);
  });

  it("GoBGP's iBGP route: LOCAL_PREF 200, MED 30, no-advertise, large community", () => {
    const u = findUpdate(IBGP, "GoBGP -> FRR: UPDATE 10.30.1.0/24");
    expect(u.attributes).toMatchObject({
      origin: 2,
      asPath: [],
      nextHop: "192.0.2.18",
      med: 30,
      localPref: 200,
      communities: [c(65001, 900), WELL_KNOWN_COMMUNITIES["no-advertise"]],
      largeCommunities: [{ globalAdmin: 65001, localData1: 9, localData2: 9 }],
    });
    const w = findUpdate(IBGP, "GoBGP -> FRR: UPDATE withdrawing 10.30.1.0/24");
    expect(w.withdrawn).toEqual([v4("10.30.1.0", 24)]);
  });

  it("GoBGP's 4-octet AS_PATH", () => {
    expect(findUpdate(IBGP, "GoBGP -> FRR: UPDATE 10.30.2.0/23").attributes.asPath).toEqual([
      { type: 2, asns: [64512, 4200000002] },
    ]);
  });

  it("FRR's iBGP routes: route-map communities, MED 50, LOCAL_PREF 100; IPv6 via an IPv4-mapped next hop", () => {
    const u = findUpdate(IBGP, "FRR -> GoBGP: UPDATE 10.10.1.0/24");
    expect(u.attributes).toMatchObject({
      nextHop: "192.0.2.17",
      med: 50,
      localPref: 100,
      communities: [c(65001, 100), c(65001, 200), WELL_KNOWN_COMMUNITIES["no-export"]],
      largeCommunities: [
        { globalAdmin: 65001, localData1: 1, localData2: 1 },
        { globalAdmin: 65001, localData1: 2, localData2: 2 },
      ],
    });
    const v6 = findUpdate(IBGP, "FRR -> GoBGP: UPDATE MP_REACH_NLRI 2001:db8:10::/48");
    expect(v6.announced[0]?.attributes.nextHop).toBe("::ffff:c000:211"); // ::ffff:192.0.2.17
  });

  it("ROUTE-REFRESH subtypes and NOTIFICATIONs", () => {
    expect(find(V4, "FRR -> BIRD: ROUTE-REFRESH")).toEqual({
      type: "route-refresh",
      afi: 1,
      safi: 1,
      subtype: 0,
    });
    expect(find(V4, "BoRR")).toEqual({ type: "route-refresh", afi: 1, safi: 1, subtype: 1 });
    expect(find(V4, "EoRR")).toEqual({ type: "route-refresh", afi: 1, safi: 1, subtype: 2 });
    expect(find(V4, "NOTIFICATION")).toEqual({
      type: "notification",
      code: 6,
      subcode: 2,
      data: new Uint8Array(0),
    });
    expect(find(IBGP, "NOTIFICATION")).toEqual({
      type: "notification",
      code: 6,
      subcode: 4,
      data: new Uint8Array(0),
    });
  });
});
