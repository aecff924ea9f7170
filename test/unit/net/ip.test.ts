// The pure IP/CIDR helpers (src/net/ip.ts), checked against hand-computed values and
// the RFC 5952 formatting examples.
import { describe, expect, it } from "vitest";
import {
  cidrContains,
  formatCidr,
  formatIp,
  formatIPv6,
  parseCidr,
  parseIp,
  parseIPv4,
  parseIPv6,
} from "../../../src/net/ip.js";

describe("IPv4", () => {
  it("parses dotted quads to their integer value", () => {
    expect(parseIPv4("10.0.1.2")).toEqual({ family: 4, value: 0x0a000102n });
    expect(parseIPv4("255.255.255.255")?.value).toBe(0xffffffffn);
    expect(parseIPv4("0.0.0.0")?.value).toBe(0n);
  });

  it.each(["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "1..2.3", ""])("refuses %j", (text) => {
    expect(parseIPv4(text)).toBeUndefined();
  });

  it("formats back", () => {
    expect(formatIp({ family: 4, value: 0xac141401n })).toBe("172.20.20.1");
  });
});

describe("IPv6", () => {
  it("parses the RFC 4291 §2.2 forms", () => {
    expect(parseIPv6("::")?.value).toBe(0n);
    expect(parseIPv6("::1")?.value).toBe(1n);
    expect(parseIPv6("2001:db8::1")?.value).toBe((0x20010db8n << 96n) | 1n);
    expect(parseIPv6("::ffff:192.0.2.1")?.value).toBe((0xffffn << 32n) | 0xc0000201n);
    expect(parseIPv6("1:2:3:4:5:6:7:8")?.value).toBe(0x00010002000300040005000600070008n);
  });

  it.each(["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "1:2:3:4:5:6:7", "fe80::1%eth0", ":1:2"])(
    "refuses %j",
    (text) => {
      expect(parseIPv6(text)).toBeUndefined();
    },
  );

  it("formats as RFC 5952 §4 recommends", () => {
    const f = (t: string) => formatIPv6(parseIPv6(t)?.value ?? -1n);
    expect(f("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(f("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1"); // a single zero group stays
    expect(f("2001:0:0:1:0:0:0:1")).toBe("2001:0:0:1::1"); // the longest run is shortened
    expect(f("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1"); // the first of equal runs
    expect(f("::")).toBe("::");
    expect(f("3fff:172:20:20::")).toBe("3fff:172:20:20::");
  });

  it("parseIp picks the family", () => {
    expect(parseIp("10.0.0.1")?.family).toBe(4);
    expect(parseIp("fe80::1")?.family).toBe(6);
  });
});

describe("CIDR", () => {
  it("parses network/prefix", () => {
    const r = parseCidr("172.20.20.0/24");
    expect(r.ok && formatCidr(r.cidr)).toBe("172.20.20.0/24");
    const v6 = parseCidr("3fff:172:20:20::/64");
    expect(v6.ok && v6.cidr.prefixLength).toBe(64);
  });

  it("refuses host bits unless told not to be strict", () => {
    const r = parseCidr("10.0.1.2/24");
    expect(r).toMatchObject({ ok: false, error: "host-bits" });
    expect(!r.ok && r.message).toContain("10.0.1.0/24");
    const loose = parseCidr("10.0.1.2/24", { strict: false });
    expect(loose.ok && formatCidr(loose.cidr)).toBe("10.0.1.0/24");
  });

  it("names what is wrong", () => {
    expect(parseCidr("10.0.0.0")).toMatchObject({ ok: false, error: "bad-syntax" });
    expect(parseCidr("10.0.0.0/8/9")).toMatchObject({ ok: false, error: "bad-syntax" });
    expect(parseCidr("10.0.0.300/24")).toMatchObject({ ok: false, error: "bad-address" });
    expect(parseCidr("10.0.0.0/33")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("10.0.0.0/-1")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("::/129")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("0.0.0.0/0").ok).toBe(true);
  });

  it("tests containment within one family", () => {
    const r = parseCidr("10.1.0.0/16");
    if (!r.ok) throw new Error(r.message);
    expect(cidrContains(r.cidr, parseIp("10.1.255.255")!)).toBe(true);
    expect(cidrContains(r.cidr, parseIp("10.2.0.0")!)).toBe(false);
    expect(cidrContains(r.cidr, parseIp("::ffff:10.1.0.1")!)).toBe(false);
    const all = parseCidr("::/0");
    expect(all.ok && cidrContains(all.cidr, parseIp("2001:db8::1")!)).toBe(true);
  });
});
