// Prefixes (src/net/prefix.ts): parse with a reason for each refusal, canonical text, containment.
import { describe, expect, it } from "vitest";
import {
  canonicalCidr,
  cidrContains,
  formatCidr,
  hostCidr,
  parseCidr,
  parseIp,
  requireCidr,
} from "../../../src/net/index.js";

describe("prefixes", () => {
  it("parses network/prefix", () => {
    const r = parseCidr("172.20.20.0/24");
    expect(r.ok && formatCidr(r.cidr)).toBe("172.20.20.0/24");
    const v6 = parseCidr("3fff:172:20:20::/64");
    expect(v6.ok && v6.cidr.prefixLength).toBe(64);
    expect(parseCidr("0.0.0.0/0").ok).toBe(true);
    expect(parseCidr("::/0").ok).toBe(true);
  });

  it("writes one text per prefix", () => {
    expect(canonicalCidr("2001:db8:0::/48")).toBe("2001:db8::/48");
    expect(canonicalCidr("2001:DB8::/48")).toBe("2001:db8::/48");
    expect(canonicalCidr("10.0.0.0/8")).toBe("10.0.0.0/8");
    expect(canonicalCidr("10.0.0.0/08")).toBeUndefined();
  });

  it("refuses host bits unless told not to be strict, and names the network", () => {
    const r = parseCidr("10.0.1.2/24");
    expect(r).toMatchObject({ ok: false, error: "host-bits" });
    expect(!r.ok && r.message).toContain("10.0.1.0/24");
    expect(!r.ok && r.network && formatCidr(r.network)).toBe("10.0.1.0/24");
    const loose = parseCidr("10.0.0.77/30", { strict: false });
    expect(loose.ok && formatCidr(loose.cidr)).toBe("10.0.0.76/30");
    expect(parseCidr("2001:db8::1/64")).toMatchObject({ ok: false, error: "host-bits" });
  });

  it("names what is wrong", () => {
    expect(parseCidr("10.0.0.0")).toMatchObject({ ok: false, error: "bad-syntax" });
    expect(parseCidr("10.0.0.0/8/9")).toMatchObject({ ok: false, error: "bad-syntax" });
    expect(parseCidr("10.0.0.300/24")).toMatchObject({ ok: false, error: "bad-address" });
    expect(parseCidr("010.0.0.0/24")).toMatchObject({ ok: false, error: "bad-address" });
    expect(parseCidr("x/8")).toMatchObject({ ok: false, error: "bad-address" });
    expect(parseCidr("10.0.0.0/33")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("10.0.0.0/-1")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("10.0.0.0/")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(parseCidr("::/129")).toMatchObject({ ok: false, error: "bad-prefix" });
    expect(() => requireCidr("10.0.0.1/24", "management subnet")).toThrow(/management subnet "10.0.0.1\/24"/);
  });

  it("tests containment within one family", () => {
    const r = requireCidr("10.1.0.0/16", "fixture");
    expect(cidrContains(r, parseIp("10.1.255.255")!)).toBe(true);
    expect(cidrContains(r, parseIp("10.2.0.0")!)).toBe(false);
    expect(cidrContains(r, parseIp("::ffff:10.1.0.1")!)).toBe(false);
    expect(cidrContains(requireCidr("::/0", "fixture"), parseIp("2001:db8::1")!)).toBe(true);
  });

  it("writes single addresses as host prefixes", () => {
    expect(formatCidr(hostCidr(parseIp("10.96.0.10")!))).toBe("10.96.0.10/32");
    expect(formatCidr(hostCidr(parseIp("fd00::0:10")!))).toBe("fd00::10/128");
  });
});
