import { describe, expect, it } from "vitest";
import {
  carve24,
  count24,
  hostPrefix,
  isIpv4,
  isIpv6,
  parseIpv4,
  parseIpv4Cidr,
} from "../../../../src/model/kind/cidr.js";
import { kindNodeNames } from "../../../../src/model/kind/node-names.js";
import { parseNodeLabels } from "../../../../src/model/kind/node-labels.js";

describe("cidr helpers", () => {
  it("parses dotted quads strictly", () => {
    expect(parseIpv4("10.1.2.3")).toBe(0x0a010203);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
    for (const bad of ["10.1.2", "10.1.2.256", "01.1.1.1", "a.b.c.d", "1.2.3.4.5", ""])
      expect(parseIpv4(bad)).toBeUndefined();
  });

  it("recognises IPv6 and does not mistake IPv4 for it", () => {
    for (const v6 of ["::1", "fd00::1", "2001:db8:0:0:0:0:0:1", "::ffff:10.0.0.1", "fd00:10:244::/56"])
      expect(isIpv6(v6)).toBe(true);
    for (const not of ["10.0.0.1", "1:2:3", "fd00:::1", "g::1", "1:2:3:4:5:6:7:8:9"])
      expect(isIpv6(not)).toBe(false);
    expect(isIpv4("::1")).toBe(false);
  });

  it("parses CIDRs and reports why one is refused", () => {
    expect(parseIpv4Cidr("10.1.0.0/16")).toEqual({
      ok: true,
      cidr: { network: 0x0a010000, prefixLength: 16 },
    });
    expect(parseIpv4Cidr("10.1.0.0/33")).toEqual({ ok: false, reason: "syntax" });
    expect(parseIpv4Cidr("10.1.0.0")).toEqual({ ok: false, reason: "syntax" });
    expect(parseIpv4Cidr("fd00::/64")).toEqual({ ok: false, reason: "ipv6" });
    expect(parseIpv4Cidr("10.1.1.0/16")).toEqual({ ok: false, reason: "host-bits", network: "10.1.0.0/16" });
    expect(parseIpv4Cidr("0.0.0.0/0")).toEqual({ ok: true, cidr: { network: 0, prefixLength: 0 } });
  });

  it("carves /24s in address order, crossing octets", () => {
    const parsed = parseIpv4Cidr("10.0.254.0/23");
    if (!parsed.ok) throw new Error("fixture");
    expect(count24(parsed.cidr)).toBe(2);
    expect(carve24(parsed.cidr, 2)).toEqual(["10.0.254.0/24", "10.0.255.0/24"]);
    expect(() => carve24(parsed.cidr, 3)).toThrow(RangeError);
    const wide = parseIpv4Cidr("10.0.0.0/8");
    if (!wide.ok) throw new Error("fixture");
    expect(carve24(wide.cidr, 258)[257]).toBe("10.1.1.0/24");
    const narrow = parseIpv4Cidr("10.0.0.0/25");
    if (!narrow.ok) throw new Error("fixture");
    expect(count24(narrow.cidr)).toBe(0);
  });

  it("writes single addresses as host prefixes", () => {
    expect(hostPrefix("10.96.0.10")).toBe("10.96.0.10/32");
    expect(hostPrefix("fd00::10")).toBe("fd00::10/128");
  });
});

describe("kind naming and node labels", () => {
  it("counts each role on its own", () => {
    expect(kindNodeNames("c", ["control-plane", "worker", "control-plane", "worker", "worker"])).toEqual([
      "c-control-plane",
      "c-worker",
      "c-control-plane2",
      "c-worker2",
      "c-worker3",
    ]);
  });

  it("parses node-labels and refuses malformed ones", () => {
    expect(parseNodeLabels("rack=rack0, example.com/tier=edge,empty=")).toEqual({
      ok: true,
      labels: { rack: "rack0", "example.com/tier": "edge", empty: "" },
    });
    expect(parseNodeLabels("")).toEqual({ ok: true, labels: {} });
    expect(parseNodeLabels("rack").ok).toBe(false);
    expect(parseNodeLabels("-bad=1").ok).toBe(false);
    expect(parseNodeLabels("k=has space").ok).toBe(false);
    expect(parseNodeLabels("Bad_Prefix/k=v").ok).toBe(false);
  });
});
