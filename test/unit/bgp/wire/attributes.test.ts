// Path attributes one by one: hand-built bytes, round trips, the RFC 6793 AS4 rules, and how
// unknown attributes are kept, dropped or refused.
import { describe, expect, it } from "vitest";
import { EMPTY_ATTRIBUTES, type PathAttributes } from "../../../../src/bgp/model.js";
import {
  decodeUpdate,
  encodeUpdate,
  mergeAs4,
  pathLength,
  type CodecContext,
  type UpdateMessage,
} from "../../../../src/bgp/wire/index.js";
import { bytes, toHex } from "../../../support/bytes.js";

const FOUR: CodecContext = { fourOctetAs: true };
const TWO: CodecContext = { fourOctetAs: false };
const NLRI = [{ afi: "ipv4" as const, address: "10.1.0.0", length: 24 }];
const BASE: PathAttributes = { ...EMPTY_ATTRIBUTES, origin: 0, asPath: [], nextHop: "10.0.0.1" };

function updateWith(attributes: PathAttributes): UpdateMessage {
  return { type: "update", withdrawnRoutes: [], attributes, nlri: NLRI };
}

/** UPDATE body around hand-built attribute octets, with the route 10.1.0.0/24. */
function body(attrs: Uint8Array): Uint8Array {
  return bytes().u16(0).u16(attrs.length).raw(attrs).u8(24, 10, 1, 0).build();
}

const BASE_ATTRS = bytes().u8(0x40, 1, 1, 0).u8(0x40, 2, 0).u8(0x40, 3, 4).ipv4("10.0.0.1");

describe("single attributes", () => {
  const cases: [string, Partial<PathAttributes>, (b: ReturnType<typeof bytes>) => void][] = [
    ["MULTI_EXIT_DISC", { med: 0xfffffffe }, (b) => b.u8(0x80, 4, 4).u32(0xfffffffe)],
    ["LOCAL_PREF", { localPref: 150 }, (b) => b.u8(0x40, 5, 4).u32(150)],
    ["ATOMIC_AGGREGATE", { atomicAggregate: true }, (b) => b.u8(0x40, 6, 0)],
    [
      "AGGREGATOR (4-octet)",
      { aggregator: { asn: 4200000001, address: "10.0.0.9" } },
      (b) => b.u8(0xc0, 7, 8).u32(4200000001).ipv4("10.0.0.9"),
    ],
    [
      "COMMUNITIES",
      { communities: [0x00010002, 0xffffff02] },
      (b) => b.u8(0xc0, 8, 8).u32(0x00010002, 0xffffff02),
    ],
    ["ORIGINATOR_ID", { originatorId: "10.9.9.9" }, (b) => b.u8(0x80, 9, 4).ipv4("10.9.9.9")],
    [
      "CLUSTER_LIST",
      { clusterList: ["1.1.1.1", "2.2.2.2"] },
      (b) => b.u8(0x80, 10, 8).ipv4("1.1.1.1").ipv4("2.2.2.2"),
    ],
    [
      "LARGE_COMMUNITY",
      { largeCommunities: [{ globalAdmin: 4200000001, localData1: 0, localData2: 0xffffffff }] },
      (b) => b.u8(0xc0, 32, 12).u32(4200000001, 0, 0xffffffff),
    ],
  ];

  it.each(cases)("%s", (_name, extra, write) => {
    const attributes = { ...BASE, ...extra };
    const expected = bytes().raw(BASE_ATTRS.build());
    write(expected);
    const wire = encodeUpdate(updateWith(attributes), FOUR);
    expect(toHex(wire)).toBe(toHex(body(expected.build())));
    expect(decodeUpdate(wire, FOUR).attributes).toEqual(attributes);
  });

  it("AS_PATH with SET and confederation segments, 4-octet", () => {
    const asPath = [
      { type: 3 as const, asns: [64600] },
      { type: 2 as const, asns: [65001, 65002] },
      { type: 1 as const, asns: [65003, 65004] },
    ];
    const wire = encodeUpdate(updateWith({ ...BASE, asPath }), FOUR);
    const path = bytes().u8(3, 1).u32(64600).u8(2, 2).u32(65001, 65002).u8(1, 2).u32(65003, 65004).build();
    const attrs = bytes()
      .u8(0x40, 1, 1, 0)
      .u8(0x40, 2, path.length)
      .raw(path)
      .u8(0x40, 3, 4)
      .ipv4("10.0.0.1");
    expect(toHex(wire)).toBe(toHex(body(attrs.build())));
    expect(decodeUpdate(wire, FOUR).attributes.asPath).toEqual(asPath);
  });

  it("splits an AS_SEQUENCE longer than 255 ASNs and uses the Extended Length bit", () => {
    const asns = Array.from({ length: 300 }, (_, i) => 64512 + i);
    const wire = encodeUpdate(updateWith({ ...BASE, asPath: [{ type: 2, asns }] }), FOUR);
    const path = bytes()
      .u8(2, 255)
      .u32(...asns.slice(0, 255))
      .u8(2, 45)
      .u32(...asns.slice(255))
      .build();
    const attrs = bytes()
      .u8(0x40, 1, 1, 0)
      .u8(0x50, 2)
      .u16(path.length)
      .raw(path)
      .u8(0x40, 3, 4)
      .ipv4("10.0.0.1");
    expect(toHex(wire)).toBe(toHex(body(attrs.build())));
    const back = decodeUpdate(wire, FOUR).attributes.asPath;
    expect(back.flatMap((s) => s.asns)).toEqual(asns);
  });

  it("reads an attribute sent with the Extended Length bit although it is short", () => {
    const attrs = bytes().u8(0x50, 1, 0, 1, 2).u8(0x40, 2, 0).u8(0x40, 3, 4).ipv4("10.0.0.1").build();
    const u = decodeUpdate(body(attrs), FOUR);
    expect(u.attributes.origin).toBe(2);
    expect(u.layout?.extendedLength).toEqual([1]);
    expect(toHex(encodeUpdate(u, FOUR))).toBe(toHex(body(attrs)));
  });
});

describe("RFC 6793 towards and from a 2-octet peer", () => {
  it("AGGREGATOR with a 4-octet ASN becomes AS_TRANS plus AS4_AGGREGATOR, and merges back", () => {
    const attributes = { ...BASE, aggregator: { asn: 4200000001, address: "10.0.0.9" } };
    const wire = encodeUpdate(updateWith(attributes), TWO);
    const attrs = bytes()
      .raw(BASE_ATTRS.build())
      .u8(0xc0, 7, 6)
      .u16(23456)
      .ipv4("10.0.0.9")
      .u8(0xc0, 18, 8)
      .u32(4200000001)
      .ipv4("10.0.0.9");
    expect(toHex(wire)).toBe(toHex(body(attrs.build())));
    expect(decodeUpdate(wire, TWO).attributes).toEqual(attributes);
  });

  it("sends no AS4_PATH when every ASN fits in 2 octets", () => {
    const wire = encodeUpdate(updateWith({ ...BASE, asPath: [{ type: 2, asns: [65001] }] }), TWO);
    const attrs = bytes().u8(0x40, 1, 1, 0).u8(0x40, 2, 4, 2, 1).u16(65001).u8(0x40, 3, 4).ipv4("10.0.0.1");
    expect(toHex(wire)).toBe(toHex(body(attrs.build())));
  });

  it("keeps the leading ASNs an OLD speaker prepended before the AS4_PATH (§4.2.3)", () => {
    const merged = mergeAs4({
      asPath: [{ type: 2, asns: [65100, 65101, 23456, 65002] }],
      as4Path: [{ type: 2, asns: [4200000001, 65002] }],
    });
    expect(merged.asPath).toEqual([{ type: 2, asns: [65100, 65101, 4200000001, 65002] }]);
  });

  it("ignores an AS4_PATH longer than AS_PATH", () => {
    const asPath = [{ type: 2 as const, asns: [23456] }];
    const merged = mergeAs4({ asPath, as4Path: [{ type: 2, asns: [1, 2] }] });
    expect(merged.asPath).toEqual(asPath);
    expect(merged.ignored.map((i) => i.typeCode)).toEqual([17]);
  });

  it("ignores AS4 attributes when AGGREGATOR is not AS_TRANS", () => {
    const merged = mergeAs4({
      asPath: [{ type: 2, asns: [23456] }],
      as4Path: [{ type: 2, asns: [4200000001] }],
      aggregator: { asn: 65001, address: "10.0.0.1" },
      as4Aggregator: { asn: 4200000001, address: "10.0.0.1" },
    });
    expect(merged.asPath).toEqual([{ type: 2, asns: [23456] }]);
    expect(merged.aggregator?.asn).toBe(65001);
    expect(merged.ignored.map((i) => i.typeCode).sort()).toEqual([17, 18]);
  });

  it("counts a SET as one and confederation segments as none", () => {
    expect(
      pathLength([
        { type: 3, asns: [1, 2] },
        { type: 2, asns: [3, 4] },
        { type: 1, asns: [5, 6, 7] },
      ]),
    ).toBe(3);
  });

  it("ignores AS4_PATH from a 4-octet peer", () => {
    const attrs = bytes()
      .u8(0x40, 1, 1, 0)
      .u8(0x40, 2, 6, 2, 1)
      .u32(65001)
      .u8(0x40, 3, 4)
      .ipv4("10.0.0.1")
      .u8(0xc0, 17, 6, 2, 1)
      .u32(4200000001)
      .build();
    const u = decodeUpdate(body(attrs), FOUR);
    expect(u.attributes.asPath).toEqual([{ type: 2, asns: [65001] }]);
    expect(u.discarded.map((d) => d.typeCode)).toEqual([17]);
  });
});

describe("unknown attributes", () => {
  it("keeps an optional transitive one and sets Partial when passing it on (RFC 4271 §5)", () => {
    const attrs = bytes().raw(BASE_ATTRS.build()).u8(0xc0, 99, 3, 1, 2, 3).build();
    const u = decodeUpdate(body(attrs), FOUR);
    expect(u.attributes.unknown).toEqual([{ flags: 0xe0, typeCode: 99, value: Uint8Array.of(1, 2, 3) }]);
    const again = encodeUpdate({ ...u, layout: undefined }, FOUR);
    expect(toHex(again)).toBe(toHex(body(bytes().raw(BASE_ATTRS.build()).u8(0xe0, 99, 3, 1, 2, 3).build())));
  });

  it("drops an optional non-transitive one", () => {
    const attrs = bytes().raw(BASE_ATTRS.build()).u8(0x80, 99, 1, 0).build();
    const u = decodeUpdate(body(attrs), FOUR);
    expect(u.attributes.unknown).toEqual([]);
    expect(u.discarded.map((d) => d.typeCode)).toEqual([99]);
    expect(u.announced).toHaveLength(1);
  });
});

describe("attribute order", () => {
  it("is ascending by default and follows a decoded layout on re-encode", () => {
    const attrs = bytes().u8(0xc0, 8, 4).u32(1).raw(BASE_ATTRS.build()).build();
    const u = decodeUpdate(body(attrs), FOUR);
    expect(u.layout?.order).toEqual([8, 1, 2, 3]);
    expect(toHex(encodeUpdate(u, FOUR))).toBe(toHex(body(attrs)));
    const ascending = bytes().raw(BASE_ATTRS.build()).u8(0xc0, 8, 4).u32(1).build();
    expect(toHex(encodeUpdate({ ...u, layout: undefined }, FOUR))).toBe(toHex(body(ascending)));
  });
});

describe("families", () => {
  const v6 = bytes()
    .u8(0x40, 1, 1, 0)
    .u8(0x40, 2, 0)
    .u8(0x80, 14, 24)
    .u16(2)
    .u8(1, 16)
    .ipv6("fd00:0:0:0:0:0:0:1")
    .u8(0)
    .u8(16, 0x20, 0x01)
    .build();
  const update = bytes().u16(0).u16(v6.length).raw(v6).build();

  it("accepts MP_REACH_NLRI for a negotiated family", () => {
    const u = decodeUpdate(update, { fourOctetAs: true, families: [{ afi: 2, safi: 1 }] });
    expect(u.announced.map((r) => r.prefix)).toEqual([{ afi: "ipv6", address: "2001::", length: 16 }]);
  });

  it("ignores MP_REACH_NLRI for a family that was not negotiated, and reports it", () => {
    const u = decodeUpdate(update, { fourOctetAs: true, families: [{ afi: 1, safi: 1 }] });
    expect(u.announced).toEqual([]);
    expect(u.discarded.map((d) => [d.typeCode, d.reason])).toEqual([
      [14, expect.stringContaining("not negotiated")],
    ]);
    expect(u.treatAsWithdraw).toBeUndefined();
  });

  it("ignores families we cannot parse (here AFI 25 L2VPN)", () => {
    const evpn = bytes().u8(0x40, 1, 1, 0).u8(0x40, 2, 0).u8(0x80, 15, 5).u16(25).u8(70, 1, 2).build();
    const u = decodeUpdate(bytes().u16(0).u16(evpn.length).raw(evpn).build(), { fourOctetAs: true });
    expect(u.withdrawn).toEqual([]);
    expect(u.discarded.map((d) => d.typeCode)).toEqual([15]);
  });
});
