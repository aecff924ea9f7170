// Hand-built bytes (from the RFC layouts, via the dumb builder) for every message type, and
// round trips through encodeMessage/decodeMessage.
import { describe, expect, it } from "vitest";
import { EMPTY_ATTRIBUTES, type Capability } from "../../../../src/bgp/model.js";
import {
  decodeMessage,
  encodeEndOfRib,
  endOfRibUpdate,
  encodeMessage,
  frame,
  MessageType,
  type BgpMessage,
  type OpenMessage,
  type ReceivedUpdate,
  type UpdateMessage,
} from "../../../../src/bgp/wire/index.js";
import { bytes, message, toHex } from "../../../support/bytes.js";

const FOUR = { fourOctetAs: true };
const TWO = { fourOctetAs: false };

function roundTrip(msg: BgpMessage, ctx = FOUR): Uint8Array {
  const wire = encodeMessage(msg, ctx);
  const back = decodeMessage(wire, ctx);
  expect(encodeMessage(back, ctx)).toEqual(wire);
  return wire;
}

describe("KEEPALIVE", () => {
  it("is the bare 19-octet header", () => {
    const wire = roundTrip({ type: "keepalive" });
    expect(toHex(wire)).toBe(toHex(message(4, bytes())));
    expect(decodeMessage(wire, FOUR)).toEqual({ type: "keepalive" });
  });
});

describe("NOTIFICATION", () => {
  it("carries code, subcode and data", () => {
    const msg = { type: "notification", code: 6, subcode: 2, data: Uint8Array.from([1, 2, 3]) } as const;
    const wire = roundTrip(msg);
    expect(toHex(wire)).toBe(toHex(message(3, bytes().u8(6, 2, 1, 2, 3))));
    expect(decodeMessage(wire, FOUR)).toEqual(msg);
  });
});

describe("ROUTE-REFRESH", () => {
  it.each([
    [0, "normal"],
    [1, "BoRR"],
    [2, "EoRR"],
  ])("subtype %i (%s) sits in the old reserved octet (RFC 7313 §3.2)", (subtype) => {
    const msg = { type: "route-refresh", afi: 2, safi: 1, subtype } as const;
    const wire = roundTrip(msg);
    expect(toHex(wire)).toBe(toHex(message(5, bytes().u16(2).u8(subtype, 1))));
    expect(decodeMessage(wire, FOUR)).toEqual(msg);
  });
});

describe("OPEN", () => {
  const capabilities: Capability[] = [
    { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
    { type: "multiprotocol", afiSafi: { afi: 2, safi: 1 } },
    { type: "route-refresh" },
    { type: "enhanced-route-refresh" },
    { type: "four-octet-as", asn: 4200000001 },
    { type: "extended-next-hop", entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
    {
      type: "graceful-restart",
      restarting: true,
      restartTimeSeconds: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    },
    { type: "fqdn", hostname: "node-1", domain: "lab" },
    { type: "unknown", code: 71, value: Uint8Array.from([0, 1, 1, 0x80, 0, 0, 0]) },
  ];
  const open: OpenMessage = {
    type: "open",
    version: 4,
    myAs: 23456,
    holdTime: 90,
    bgpId: "10.0.1.2",
    capabilities,
  };

  // RFC 5492 §4: each capability in its own optional parameter (type 2, length, value).
  const param = (cap: number[]) =>
    bytes()
      .u8(2, cap.length)
      .u8(...cap);
  const expectedParams = bytes()
    .raw(param([1, 4, 0, 1, 0, 1]).build())
    .raw(param([1, 4, 0, 2, 0, 1]).build())
    .raw(param([2, 0]).build())
    .raw(param([70, 0]).build())
    .raw(param([65, 4, 0xfa, 0x56, 0xea, 0x01]).build()) // 4200000001 = 0xfa56ea01
    .raw(param([5, 6, 0, 1, 0, 1, 0, 2]).build())
    .raw(param([64, 6, 0x80, 120, 0, 1, 1, 0x80]).build()) // R bit + 120 s; AFI 1 SAFI 1 F bit
    .raw(param([73, 11, 6, ...Buffer.from("node-1"), 3, ...Buffer.from("lab")]).build())
    .raw(param([71, 7, 0, 1, 1, 0x80, 0, 0, 0]).build())
    .build();

  it("encodes to the RFC 4271 §4.2 layout with one capability per parameter", () => {
    const wire = roundTrip(open);
    const expected = message(
      1,
      bytes().u8(4).u16(23456).u16(90).ipv4("10.0.1.2").u8(expectedParams.length).raw(expectedParams),
    );
    expect(toHex(wire)).toBe(toHex(expected));
    expect(decodeMessage(wire, TWO)).toEqual(open);
  });

  it("packs all capabilities in one parameter when asked (as BIRD does)", () => {
    const single: OpenMessage = {
      ...open,
      capabilities: capabilities.slice(0, 3),
      capabilityPacking: "single-parameter",
    };
    const wire = roundTrip(single);
    const caps = bytes().u8(1, 4, 0, 1, 0, 1, 1, 4, 0, 2, 0, 1, 2, 0).build();
    const expected = message(
      1,
      bytes()
        .u8(4)
        .u16(23456)
        .u16(90)
        .ipv4("10.0.1.2")
        .u8(caps.length + 2)
        .u8(2, caps.length)
        .raw(caps),
    );
    expect(toHex(wire)).toBe(toHex(expected));
    expect(decodeMessage(wire, TWO)).toEqual(single);
  });

  it("reads RFC 9072 extended optional parameters built by hand", () => {
    const caps = bytes().u8(65, 4).u32(65001).u8(2, 0).build();
    const params = bytes().u8(2).u16(caps.length).raw(caps).build();
    const wire = message(
      1,
      bytes().u8(4).u16(65001).u16(30).ipv4("10.0.0.9").u8(255, 255).u16(params.length).raw(params),
    );
    expect(decodeMessage(wire, TWO)).toEqual({
      type: "open",
      version: 4,
      myAs: 65001,
      holdTime: 30,
      bgpId: "10.0.0.9",
      capabilities: [{ type: "four-octet-as", asn: 65001 }, { type: "route-refresh" }],
      capabilityPacking: "single-parameter",
    });
  });

  it("uses RFC 9072 extended optional parameters when they exceed 255 octets, and reads them back", () => {
    const big: OpenMessage = {
      ...open,
      capabilities: [{ type: "fqdn", hostname: "h".repeat(200), domain: "d".repeat(50) }, ...capabilities],
    };
    const wire = roundTrip(big);
    // Non-Ext OP Len 255, Non-Ext OP Type 255, then a 2-octet Extended Opt. Parm. Length.
    const r = bytes().marker().build().length + 3 + 10;
    expect(wire[r - 1]).toBe(255);
    expect(wire[r]).toBe(255);
    expect(decodeMessage(wire, TWO)).toEqual(big);
  });
});

describe("UPDATE", () => {
  const attrs = {
    ...EMPTY_ATTRIBUTES,
    origin: 0 as const,
    asPath: [{ type: 2 as const, asns: [65010, 4200000001] }],
    nextHop: "10.0.1.1",
    med: 10,
    localPref: 200,
    communities: [0xfde80064, 0xffffff01],
    largeCommunities: [{ globalAdmin: 65010, localData1: 1, localData2: 2 }],
  };
  const update: UpdateMessage = {
    type: "update",
    withdrawnRoutes: [{ afi: "ipv4", address: "10.9.0.0", length: 16 }],
    attributes: attrs,
    nlri: [
      { afi: "ipv4", address: "10.1.2.0", length: 24 },
      { afi: "ipv4", address: "0.0.0.0", length: 0 },
    ],
  };

  function expectedAttributes(fourOctet: boolean) {
    const asPath = fourOctet ? bytes().u8(2, 2).u32(65010, 4200000001) : bytes().u8(2, 2).u16(65010, 23456);
    const b = bytes()
      .u8(0x40, 1, 1, 0) // ORIGIN IGP
      .u8(0x40, 2, asPath.length)
      .raw(asPath.build())
      .u8(0x40, 3, 4)
      .ipv4("10.0.1.1")
      .u8(0x80, 4, 4)
      .u32(10)
      .u8(0x40, 5, 4)
      .u32(200)
      .u8(0xc0, 8, 8)
      .u32(0xfde80064, 0xffffff01);
    if (!fourOctet) b.u8(0xc0, 17, 10).u8(2, 2).u32(65010, 4200000001); // AS4_PATH, RFC 6793 §4.2.2
    return b.u8(0xc0, 32, 12).u32(65010, 1, 2).build();
  }

  it.each([
    ["4-octet", FOUR, true],
    ["2-octet (AS_TRANS + AS4_PATH)", TWO, false],
  ])("encodes IPv4 routes towards a %s peer in ascending attribute order", (_name, ctx, four) => {
    const wire = encodeMessage(update, ctx);
    const a = expectedAttributes(four);
    const body = bytes().u16(3).u8(16, 10, 9).u16(a.length).raw(a).u8(24, 10, 1, 2).u8(0).build();
    expect(toHex(wire)).toBe(toHex(message(2, body)));
    const back = decodeMessage(wire, ctx) as ReceivedUpdate;
    // From the 2-octet peer the AS4_PATH is merged back in (RFC 6793 §4.2.3).
    expect(back.attributes).toEqual(attrs);
    expect(back.withdrawn).toEqual(update.withdrawnRoutes);
    expect(back.announced.map((r) => r.prefix)).toEqual(update.nlri);
    expect(back.announced[0]?.attributes.nextHop).toBe("10.0.1.1");
    expect(back.treatAsWithdraw).toBeUndefined();
  });

  it("carries IPv6 routes in MP_REACH_NLRI with a global + link-local next hop (RFC 2545)", () => {
    const v6: UpdateMessage = {
      type: "update",
      withdrawnRoutes: [],
      nlri: [],
      attributes: { ...EMPTY_ATTRIBUTES, origin: 2, asPath: [{ type: 2, asns: [65010] }] },
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: "2001:db8::1",
        linkLocalNextHop: "fe80::1",
        prefixes: [{ afi: "ipv6", address: "2001:db8:1::", length: 48 }],
      },
      mpUnreach: { afi: 2, safi: 1, prefixes: [{ afi: "ipv6", address: "2001:db8:ff::", length: 64 }] },
    };
    const wire = roundTrip(v6);
    const mpReach = bytes()
      .u16(2)
      .u8(1, 32)
      .ipv6("2001:db8:0:0:0:0:0:1")
      .ipv6("fe80:0:0:0:0:0:0:1")
      .u8(0)
      .u8(48)
      .u16(0x2001, 0xdb8, 1)
      .build();
    const mpUnreach = bytes().u16(2).u8(1).u8(64).u16(0x2001, 0xdb8, 0xff, 0).build();
    const a = bytes()
      .u8(0x40, 1, 1, 2)
      .u8(0x40, 2, 6, 2, 1)
      .u32(65010)
      .u8(0x80, 14, mpReach.length)
      .raw(mpReach)
      .u8(0x80, 15, mpUnreach.length)
      .raw(mpUnreach)
      .build();
    expect(toHex(wire)).toBe(toHex(message(2, bytes().u16(0).u16(a.length).raw(a))));
    const back = decodeMessage(wire, FOUR) as ReceivedUpdate;
    expect(back.withdrawn).toEqual([{ afi: "ipv6", address: "2001:db8:ff::", length: 64 }]);
    expect(back.announced).toEqual([
      {
        prefix: { afi: "ipv6", address: "2001:db8:1::", length: 48 },
        attributes: { ...v6.attributes, nextHop: "2001:db8::1", linkLocalNextHop: "fe80::1" },
      },
    ]);
  });

  it("carries IPv4 routes with an IPv6 next hop (RFC 8950)", () => {
    const msg: UpdateMessage = {
      type: "update",
      withdrawnRoutes: [],
      nlri: [],
      attributes: { ...EMPTY_ATTRIBUTES, origin: 0, asPath: [] },
      mpReach: {
        afi: 1,
        safi: 1,
        nextHop: "fd00::2",
        prefixes: [{ afi: "ipv4", address: "10.1.0.0", length: 24 }],
      },
    };
    const wire = roundTrip(msg);
    const back = decodeMessage(wire, FOUR) as ReceivedUpdate;
    expect(back.announced[0]?.attributes.nextHop).toBe("fd00::2");
    expect(toHex(wire)).toContain(
      toHex(bytes().u8(0x80, 14, 25).u16(1).u8(1, 16).ipv6("fd00:0:0:0:0:0:0:2").build()),
    );
  });

  it("recognises and encodes End-of-RIB (RFC 4724 §2)", () => {
    const v4 = frame(MessageType.update, encodeEndOfRib({ afi: 1, safi: 1 }));
    expect(toHex(v4)).toBe(toHex(message(2, bytes().u16(0, 0))));
    expect((decodeMessage(v4, FOUR) as ReceivedUpdate).endOfRib).toEqual({ afi: 1, safi: 1 });

    const v6 = frame(MessageType.update, encodeEndOfRib({ afi: 2, safi: 1 }));
    expect(toHex(v6)).toBe(toHex(message(2, bytes().u16(0, 6).u8(0x80, 15, 3).u16(2).u8(1))));
    expect((decodeMessage(v6, FOUR) as ReceivedUpdate).endOfRib).toEqual({ afi: 2, safi: 1 });
    expect(toHex(encodeMessage(endOfRibUpdate({ afi: 2, safi: 1 }), TWO))).toBe(toHex(v6));

    const notEor = encodeMessage(
      {
        type: "update",
        withdrawnRoutes: [{ afi: "ipv4", address: "10.0.0.0", length: 8 }],
        nlri: [],
        attributes: EMPTY_ATTRIBUTES,
      },
      FOUR,
    );
    expect((decodeMessage(notEor, FOUR) as ReceivedUpdate).endOfRib).toBeUndefined();
  });

  it("refuses to encode a message longer than the negotiated maximum", () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({
      afi: "ipv4" as const,
      address: `10.${i >> 8}.${i & 255}.0`,
      length: 24,
    }));
    const big: UpdateMessage = {
      type: "update",
      withdrawnRoutes: many,
      nlri: [],
      attributes: EMPTY_ATTRIBUTES,
    };
    expect(() => encodeMessage(big, FOUR)).toThrow(/exceeds the maximum 4096/);
    expect(
      decodeMessage(encodeMessage(big, { fourOctetAs: true, maxMessageLength: 65535 }), {
        fourOctetAs: true,
        maxMessageLength: 65535,
      }).type,
    ).toBe("update");
  });
});
