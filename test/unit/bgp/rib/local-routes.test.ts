import { describe, expect, it } from "vitest";
import {
  compareAddresses,
  parseCommunity,
  parseLargeCommunity,
  parsePrefix,
} from "../../../../src/bgp/rib/index.js";

describe("parsePrefix", () => {
  it("parses IPv4 and IPv6 prefixes", () => {
    expect(parsePrefix("10.1.0.0/24")).toEqual({ afi: "ipv4", address: "10.1.0.0", length: 24 });
    expect(parsePrefix("0.0.0.0/0")).toEqual({ afi: "ipv4", address: "0.0.0.0", length: 0 });
    expect(parsePrefix("10.96.0.10/32").length).toBe(32);
    expect(parsePrefix("2001:DB8::/32")).toEqual({ afi: "ipv6", address: "2001:db8::", length: 32 });
  });

  it("rejects host bits, bad lengths and non-addresses", () => {
    for (const bad of ["10.1.0.1/24", "10.0.0.0/33", "10.0.0.0", "2001:db8::1/64", "x/8", "1.2.3.256/32"]) {
      expect(() => parsePrefix(bad), bad).toThrow();
    }
  });
});

describe("communities", () => {
  it("parses asn:value and plain 32-bit numbers", () => {
    expect(parseCommunity("65000:100")).toBe(65000 * 65536 + 100);
    expect(parseCommunity("4294967041")).toBe(0xffffff01);
    expect(() => parseCommunity("65536:1")).toThrow();
    expect(() => parseCommunity("1:2:3")).toThrow();
  });

  it("parses large communities", () => {
    expect(parseLargeCommunity("4200000000:1:2")).toEqual({
      globalAdmin: 4200000000,
      localData1: 1,
      localData2: 2,
    });
    expect(() => parseLargeCommunity("1:2")).toThrow();
    expect(() => parseLargeCommunity("1:2:4294967296")).toThrow();
  });
});

describe("addresses", () => {
  it("orders numerically, IPv4 before IPv6", () => {
    const sorted = ["2001:db8::10", "10.0.0.10", "2001:db8::9", "10.0.0.9", "9.255.255.255"].sort(
      compareAddresses,
    );
    expect(sorted).toEqual(["9.255.255.255", "10.0.0.9", "10.0.0.10", "2001:db8::9", "2001:db8::10"]);
  });
});
