// buildUpdates: an Adj-RIB-Out diff → UPDATE messages. Every message is encoded and decoded
// again with the codec, so the checks are on what a peer would read, not on our own structures.
import { describe, expect, it } from "vitest";
import type { PathAttributes, Prefix } from "../../../../src/bgp/model.js";
import { EMPTY_ATTRIBUTES, Origin, prefixKey } from "../../../../src/bgp/model.js";
import type { AdvertisedRoute, RibOutDiff } from "../../../../src/bgp/rib/index.js";
import { parsePrefix } from "../../../../src/bgp/rib/index.js";
import { buildUpdates } from "../../../../src/bgp/session/index.js";
import type { ReceivedUpdate, UpdateMessage } from "../../../../src/bgp/wire/index.js";
import { MODERN_CONTEXT, decodeMessage, encodeMessage } from "../../../../src/bgp/wire/index.js";

const ctx = MODERN_CONTEXT;

function attrs(nextHop: string, extra: Partial<PathAttributes> = {}): PathAttributes {
  return {
    ...EMPTY_ATTRIBUTES,
    origin: Origin.igp,
    asPath: [{ type: 2, asns: [65001] }],
    nextHop,
    ...extra,
  };
}

function adv(prefix: string, attributes: PathAttributes): AdvertisedRoute {
  const p = parsePrefix(prefix);
  const route = {
    prefix: p,
    key: prefixKey(p),
    attributes,
    source: { type: "local" as const },
    receivedAt: 0,
    stale: false,
  };
  return { prefix: p, key: prefixKey(p), attributes, route, advertisedAt: 0 };
}

/** Encode (throws past 4096 octets, RFC 4271 §4) and decode each message as a peer would. */
function onTheWire(messages: UpdateMessage[]): { bytes: Uint8Array; decoded: ReceivedUpdate }[] {
  return messages.map((m) => {
    const bytes = encodeMessage(m, ctx);
    const decoded = decodeMessage(bytes, ctx);
    if (decoded.type !== "update") throw new Error(`expected an UPDATE, got ${decoded.type}`);
    return { bytes, decoded };
  });
}

const keys = (ps: readonly Prefix[]) => ps.map(prefixKey).sort();
const v4Prefixes = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
const v6Prefixes = (n: number) => Array.from({ length: n }, (_, i) => `fd00:${(i + 1).toString(16)}::/64`);

describe("buildUpdates", () => {
  it("puts routes with equal attributes in one UPDATE and different ones in separate UPDATEs", () => {
    const a = attrs("192.0.2.1", { communities: [0xfde80063] });
    const b = attrs("192.0.2.1", { communities: [0xfde80064] });
    const diff: RibOutDiff = {
      announce: [adv("10.1.1.0/24", a), adv("10.1.3.0/24", b), adv("10.1.2.0/24", { ...a })],
      withdraw: [],
    };
    const wire = onTheWire(buildUpdates(diff));
    expect(wire).toHaveLength(2);
    const byCommunity = new Map(wire.map((w) => [w.decoded.attributes.communities[0], w.decoded]));
    expect(keys(byCommunity.get(0xfde80063)?.nlri ?? [])).toEqual(["10.1.1.0/24", "10.1.2.0/24"]);
    expect(keys(byCommunity.get(0xfde80064)?.nlri ?? [])).toEqual(["10.1.3.0/24"]);
  });

  it("sends IPv4 with an IPv4 next hop in the classic NLRI field, with NEXT_HOP", () => {
    const [w] = onTheWire(buildUpdates({ announce: [adv("10.1.1.0/24", attrs("192.0.2.1"))], withdraw: [] }));
    expect(w?.decoded.mpReach).toBeUndefined();
    expect(keys(w?.decoded.nlri ?? [])).toEqual(["10.1.1.0/24"]);
    expect(w?.decoded.attributes.nextHop).toBe("192.0.2.1");
  });

  it("sends IPv6, and IPv4 with an IPv6 next hop (RFC 8950), in MP_REACH_NLRI without NEXT_HOP", () => {
    const v6 = attrs("fd00::1", { linkLocalNextHop: "fe80::1" });
    const v4 = attrs("fd00::1");
    const wire = onTheWire(
      buildUpdates({ announce: [adv("fd01::/64", v6), adv("10.1.1.0/24", v4)], withdraw: [] }),
    );
    expect(wire).toHaveLength(2);
    for (const { decoded } of wire) {
      expect(decoded.nlri).toEqual([]);
      // RFC 4760 §3: the NEXT_HOP attribute is not sent with MP_REACH_NLRI only.
      expect(decoded.attributes.nextHop).toBeUndefined();
    }
    const [six, four] = [
      wire.find((w) => w.decoded.mpReach?.afi === 2),
      wire.find((w) => w.decoded.mpReach?.afi === 1),
    ];
    expect(six?.decoded.mpReach).toMatchObject({ nextHop: "fd00::1", linkLocalNextHop: "fe80::1" });
    expect(keys(six?.decoded.mpReach?.prefixes ?? [])).toEqual(["fd01::/64"]);
    expect(four?.decoded.mpReach).toMatchObject({ safi: 1, nextHop: "fd00::1" });
    expect(keys(four?.decoded.mpReach?.prefixes ?? [])).toEqual(["10.1.1.0/24"]);
    expect(four?.decoded.announced[0]?.attributes.nextHop).toBe("fd00::1");
  });

  it("sends withdrawals first: IPv4 in Withdrawn Routes, IPv6 in MP_UNREACH_NLRI", () => {
    const wire = onTheWire(
      buildUpdates({
        announce: [adv("10.1.9.0/24", attrs("192.0.2.1"))],
        withdraw: [parsePrefix("10.1.1.0/24"), parsePrefix("fd01::/64"), parsePrefix("10.1.2.0/24")],
      }),
    );
    expect(wire.map((w) => w.decoded.announced.length > 0)).toEqual([false, false, true]);
    const [v4, v6] = wire;
    expect(keys(v4?.decoded.withdrawnRoutes ?? [])).toEqual(["10.1.1.0/24", "10.1.2.0/24"]);
    expect(v4?.decoded.mpUnreach).toBeUndefined();
    expect(v6?.decoded.withdrawnRoutes).toEqual([]);
    expect(v6?.decoded.mpUnreach).toMatchObject({ afi: 2, safi: 1 });
    expect(keys(v6?.decoded.withdrawn ?? [])).toEqual(["fd01::/64"]);
  });

  it("splits announcements and withdrawals of every family under 4096 octets, losing nothing", () => {
    const v4 = v4Prefixes(3000);
    const v6 = v6Prefixes(1500);
    const heavy = attrs("fd00::1", {
      linkLocalNextHop: "fe80::1",
      // Attributes near the limit on their own leave room for only a few prefixes per message.
      asPath: [{ type: 2, asns: Array.from({ length: 200 }, (_, i) => 4200000000 + i) }],
      communities: Array.from({ length: 400 }, (_, i) => 0xfde80000 + i),
      largeCommunities: Array.from({ length: 60 }, (_, i) => ({
        globalAdmin: 65001,
        localData1: i,
        localData2: 0,
      })),
    });
    const wire = onTheWire(
      buildUpdates({
        announce: [
          ...v4.map((p) => adv(p, attrs("192.0.2.1"))),
          ...v6.map((p) => adv(p, attrs("fd00::1"))),
          ...v6Prefixes(120).map((p) => adv(p.replace("fd00", "fd01"), heavy)),
        ],
        withdraw: [
          ...v4Prefixes(2000).map((p) => parsePrefix(p.replace(/^10\./, "11."))),
          ...v6.map((p) => parsePrefix(p.replace("fd00", "fd02"))),
        ],
      }),
    );
    for (const w of wire) expect(w.bytes.length).toBeLessThanOrEqual(4096);
    // Messages are filled, not one per prefix.
    expect(wire.length).toBeLessThan(60);
    const announced = wire.flatMap((w) => w.decoded.announced.map((r) => prefixKey(r.prefix)));
    const withdrawn = wire.flatMap((w) => w.decoded.withdrawn.map(prefixKey));
    expect(new Set(announced).size).toBe(announced.length);
    expect(announced.sort()).toEqual(
      [...v4, ...v6, ...v6Prefixes(120).map((p) => p.replace("fd00", "fd01"))].sort(),
    );
    expect(withdrawn.sort()).toEqual(
      [
        ...v4Prefixes(2000).map((p) => p.replace(/^10\./, "11.")),
        ...v6.map((p) => p.replace("fd00", "fd02")),
      ].sort(),
    );
    const heavyMessages = wire.filter((w) => w.decoded.attributes.communities.length === 400);
    expect(heavyMessages.length).toBeGreaterThan(1);
    for (const w of heavyMessages) expect(w.decoded.attributes.largeCommunities).toHaveLength(60);
  });

  it("sends nothing for an empty diff", () => {
    expect(buildUpdates({ announce: [], withdraw: [] })).toEqual([]);
  });
});
