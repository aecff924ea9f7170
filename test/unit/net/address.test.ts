// Addresses (src/net/address.ts), checked against hand-computed values and the RFC 5952
// formatting examples. The strict gate in front of ipaddr.js is tested here with the forms
// ipaddr.js alone would accept.
import { describe, expect, it } from "vitest";
import {
  canonicalIp,
  compareIp,
  familyOf,
  formatIp,
  fromBytes,
  isIpv4,
  isIpv6,
  parseIp,
  parseIpv4,
  parseIpv6,
  sameIp,
  toBytes,
  unmapIpv4,
  type IpAddress,
} from "../../../src/net/index.js";

const ip = (text: string): IpAddress => {
  const a = parseIp(text);
  if (a === undefined) throw new Error(`fixture ${text}`);
  return a;
};

describe("IPv4", () => {
  it("parses dotted quads to their integer value", () => {
    expect(parseIpv4("10.0.1.2")).toEqual({ family: 4, value: 0x0a000102n });
    expect(parseIpv4("10.1.2.3")?.value).toBe(0x0a010203n);
    expect(parseIpv4("255.255.255.255")?.value).toBe(0xffffffffn);
    expect(parseIpv4("0.0.0.0")?.value).toBe(0n);
  });

  it.each([
    "256.0.0.1",
    "10.1.2.256",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "a.b.c.d",
    "1..2.3",
    "",
    // ipaddr.js alone accepts these (inet_aton forms); each means something else to some tool.
    "010.0.0.1",
    "10.0.0.01",
    "0x0a.0.0.1",
    "10.1",
    "167772161",
    " 10.0.0.1",
    "10.0.0.1\n",
    "+1.2.3.4",
    "::1",
  ])("refuses %j", (text) => {
    expect(parseIpv4(text)).toBeUndefined();
    expect(isIpv4(text)).toBe(false);
  });

  it("formats back", () => {
    expect(formatIp({ family: 4, value: 0xac141401n })).toBe("172.20.20.1");
  });
});

describe("IPv6", () => {
  it("parses the RFC 4291 §2.2 forms", () => {
    expect(parseIpv6("::")?.value).toBe(0n);
    expect(parseIpv6("::1")?.value).toBe(1n);
    expect(parseIpv6("2001:db8::1")?.value).toBe((0x20010db8n << 96n) | 1n);
    expect(parseIpv6("::ffff:192.0.2.1")?.value).toBe((0xffffn << 32n) | 0xc0000201n);
    expect(parseIpv6("::ffff:10.0.0.1")?.value).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(parseIpv6("1:2:3:4:5:6:7:8")?.value).toBe(0x00010002000300040005000600070008n);
    expect(parseIpv6("2001:0DB8::0001")?.value).toBe((0x20010db8n << 96n) | 1n);
  });

  it("reads a dotted tail as the low 32 bits, not as an IPv4-mapped address", () => {
    // ipaddr.js turns `::1.2.3.4` (RFC 4291 §2.5.5.1, IPv4-compatible) into ::ffff:1.2.3.4.
    expect(parseIpv6("::1.2.3.4")?.value).toBe(0x01020304n);
  });

  it.each([
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4::5:6:7:8",
    "12345::",
    "g::",
    "1:2:3",
    "1:2:3:4:5:6:7",
    ":1:2",
    "fe80::1%eth0",
    "::1/128",
    "[::1]",
    // dotted tails parseIpv4 refuses (ipaddr.js accepts the first two)
    "::ffff:010.0.0.1",
    "::ffff:0x1.2.3.4",
    "::ffff:10.1",
    "1:2:3:4:5:6:7:1.2.3.4",
    "10.0.0.1",
  ])("refuses %j", (text) => {
    expect(parseIpv6(text)).toBeUndefined();
    expect(isIpv6(text)).toBe(false);
  });

  it.each([
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a single zero group stays
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // the longest run is shortened
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // the first of equal runs
    ["::ffff:192.0.2.17", "::ffff:c000:211"],
    ["FE80::1", "fe80::1"],
    ["2001:db8:0::", "2001:db8::"],
    ["3fff:172:20:20::", "3fff:172:20:20::"],
    ["::", "::"],
  ])("formats %s as RFC 5952 §4 recommends: %s", (input, out) => {
    expect(formatIp(ip(input))).toBe(out);
    expect(canonicalIp(input)).toBe(out);
  });
});

describe("either family", () => {
  it("takes the family from the text", () => {
    expect(parseIp("10.0.0.1")?.family).toBe(4);
    expect(parseIp("fe80::1")?.family).toBe(6);
    expect(familyOf("fd00::10")).toBe(6);
    expect(familyOf("10.96.0.10")).toBe(4);
    expect(familyOf("10.96.0.010")).toBeUndefined();
    expect(canonicalIp("nope")).toBeUndefined();
  });

  it("orders IPv4 before IPv6, then numerically", () => {
    const sorted = ["2001:db8::10", "10.0.0.10", "2001:db8::9", "10.0.0.9", "9.255.255.255"]
      .map(ip)
      .sort(compareIp)
      .map(formatIp);
    expect(sorted).toEqual(["9.255.255.255", "10.0.0.9", "10.0.0.10", "2001:db8::9", "2001:db8::10"]);
    expect(sameIp(ip("2001:DB8::1"), ip("2001:db8:0::1"))).toBe(true);
    expect(sameIp(ip("::ffff:10.0.0.1"), ip("10.0.0.1"))).toBe(false);
  });

  it("goes to and from network byte order", () => {
    expect(toBytes(ip("10.1.2.3"))).toEqual([10, 1, 2, 3]);
    expect(toBytes(ip("2001:db8::1"))).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 1]);
    for (const text of [
      "0.0.0.0",
      "255.255.255.255",
      "2001:db8::1",
      "::",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ]) {
      expect(formatIp(fromBytes(toBytes(ip(text))))).toBe(text);
    }
    expect(() => fromBytes([1, 2, 3])).toThrow(RangeError);
  });

  it("reads an IPv4-mapped address as the IPv4 address it stands for", () => {
    expect(formatIp(unmapIpv4(ip("::ffff:10.0.0.1")))).toBe("10.0.0.1");
    expect(formatIp(unmapIpv4(ip("::1.2.3.4")))).toBe("::102:304");
    expect(formatIp(unmapIpv4(ip("2001:db8::1")))).toBe("2001:db8::1");
    expect(formatIp(unmapIpv4(ip("10.0.0.1")))).toBe("10.0.0.1");
  });
});
