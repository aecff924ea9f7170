// The Neighbor Discovery bytes BGP unnumbered sends and accepts (RFC 4861 §4.1, §4.2, §6.1.2),
// checked against the RFC's layouts octet by octet.
import { describe, expect, it } from "vitest";
import {
  ALL_NODES,
  ALL_ROUTERS,
  isRouterAdvertisement,
  onlyRouterAdvertisements,
  routerAdvertisement,
  routerSolicitation,
} from "../../../../src/bgp/speaker/nd-packets.js";

const TOR = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x70, 0x9a, 0xe8, 0xff, 0xfe, 0x8d, 0xf5, 0x39];

describe("router advertisement and solicitation", () => {
  it("sends an RA that says 'not a default router': type 134, every field 0", () => {
    const ra = routerAdvertisement();
    expect([...ra]).toEqual([134, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Router lifetime (octets 6-7) 0: no host makes the node its default router.
    expect(ra.readUInt16BE(6)).toBe(0);
  });

  it("sends an RS of 8 octets, type 133", () => {
    expect([...routerSolicitation()]).toEqual([133, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("addresses all nodes and all routers on the link", () => {
    expect(Buffer.from(ALL_NODES).toString("hex")).toBe("ff020000000000000000000000000001");
    expect(Buffer.from(ALL_ROUTERS).toString("hex")).toBe("ff020000000000000000000000000002");
  });
});

describe("which received messages are a router's advertisement", () => {
  // As FRR sends one: hop limit 64, router lifetime 30 s (3 × its 10 s interval for BGP).
  const frrRa = Buffer.from([
    134, 0, 0x12, 0x34, 64, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1,
  ]);

  it("takes an RA from a link-local source", () => {
    expect(isRouterAdvertisement(frrRa, TOR)).toBe(true);
  });

  it("refuses a global source, a non-zero code, another type and a truncated RA", () => {
    const global = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1];
    expect(isRouterAdvertisement(frrRa, global)).toBe(false);
    expect(isRouterAdvertisement(Buffer.from([134, 1, ...frrRa.subarray(2)]), TOR)).toBe(false);
    expect(isRouterAdvertisement(Buffer.from([135, ...frrRa.subarray(1)]), TOR)).toBe(false);
    expect(isRouterAdvertisement(frrRa.subarray(0, 15), TOR)).toBe(false);
  });
});

describe("the socket's ICMPv6 filter (RFC 3542 §3.2: a set bit blocks a type)", () => {
  it("passes type 134 only", () => {
    for (const le of [true, false]) {
      const f = onlyRouterAdvertisements(le);
      const word = (i: number) => (le ? f.readUInt32LE(i * 4) : f.readUInt32BE(i * 4));
      const passes = (type: number) => ((word(type >> 5) >>> (type & 31)) & 1) === 0;
      const open = Array.from({ length: 256 }, (_, t) => t).filter(passes);
      expect(open).toEqual([134]);
    }
  });
});
