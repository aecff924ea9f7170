// Carving (src/net/subnet.ts): PodCIDR /24s out of a pod subnet, host addresses of a subnet.
import { describe, expect, it } from "vitest";
import {
  carve,
  formatCidr,
  formatIp,
  hostAddress,
  hostIndex,
  interfaceText,
  nextCidr,
  parseIp,
  requireCidr,
  subnetCount,
  usableHosts,
} from "../../../src/net/index.js";

const cidr = (text: string) => requireCidr(text, "fixture");

describe("carving", () => {
  it("carves /24s in address order, crossing octets", () => {
    const two = cidr("10.0.254.0/23");
    expect(subnetCount(two, 24)).toBe(2n);
    expect(carve(two, 24, 2).map(formatCidr)).toEqual(["10.0.254.0/24", "10.0.255.0/24"]);
    expect(() => carve(two, 24, 3)).toThrow(RangeError);
    expect(carve(cidr("10.0.0.0/8"), 24, 258).map(formatCidr)[257]).toBe("10.1.1.0/24");
    expect(subnetCount(cidr("10.0.0.0/25"), 24)).toBe(0n);
    expect(subnetCount(cidr("10.0.0.0/24"), 33)).toBe(0n);
  });

  it("carves IPv6 too, and counts past 2^53", () => {
    expect(carve(cidr("fd00:10:244::/56"), 64, 2).map(formatCidr)).toEqual([
      "fd00:10:244::/64",
      "fd00:10:244:1::/64",
    ]);
    expect(subnetCount(cidr("::/0"), 128)).toBe(1n << 128n);
  });

  it("hands out host addresses after the network address, never the IPv4 broadcast", () => {
    const s = cidr("172.20.20.0/24");
    expect(interfaceText(hostAddress(s, 1), s)).toBe("172.20.20.1/24");
    expect(interfaceText(hostAddress(s, 254), s)).toBe("172.20.20.254/24");
    expect(() => hostAddress(s, 255)).toThrow(/does not fit in 172.20.20.0\/24/);
    expect(() => hostAddress(s, 0)).toThrow();
    expect(usableHosts(s)).toBe(254n);
    expect(usableHosts(cidr("10.0.0.0/31"))).toBe(0n);
    expect(formatIp(hostAddress(cidr("10.0.0.76/30"), 2))).toBe("10.0.0.78");
    expect(formatIp(hostAddress(cidr("fd00::/127"), 1))).toBe("fd00::1");
  });

  it("finds an address's place in a subnet", () => {
    const s = cidr("172.20.20.0/24");
    expect(hostIndex(s, parseIp("172.20.20.9")!)).toBe(9n);
    expect(hostIndex(s, parseIp("172.20.21.9")!)).toBeUndefined();
  });

  it("steps to the following prefixes of the same length", () => {
    expect(formatCidr(nextCidr(cidr("172.20.20.0/24"), 1)!)).toBe("172.20.21.0/24");
    expect(formatCidr(nextCidr(cidr("10.0.255.0/24"), 1)!)).toBe("10.1.0.0/24");
    expect(nextCidr(cidr("255.255.255.0/24"), 1)).toBeUndefined();
  });
});
