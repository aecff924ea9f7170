import { describe, expect, it } from "vitest";
import {
  FABRIC_PROTOCOL_NAMES,
  resolveNextHop,
  type KernelTableRoute,
} from "../../../../src/bgp/fib/index.js";

// As `ip -json route show` prints them in a reference-lab node.
const table: KernelTableRoute[] = [
  { dst: "10.0.1.0/24", dev: "eth1", protocol: "kernel" },
  { dst: "10.0.0.1", gateway: "10.0.1.1", dev: "eth1" },
  { dst: "10.9.0.0/16", gateway: "10.0.1.1", dev: "eth1", protocol: "201" },
  { dst: "10.9.9.0/24", type: "blackhole" },
  { dst: "default", gateway: "172.20.0.1", dev: "mgmt0" },
  {
    dst: "10.7.0.0/16",
    nexthops: [
      { gateway: "10.0.1.1", dev: "eth1" },
      { gateway: "10.0.2.1", dev: "eth2" },
    ],
  },
];

describe("resolveNextHop", () => {
  it("uses a next hop on a connected network as it is, with its device", () => {
    expect(resolveNextHop("10.0.1.1", table, FABRIC_PROTOCOL_NAMES)).toEqual({
      via: "10.0.1.1",
      dev: "eth1",
    });
  });

  it("goes through the route to a ToR loopback (the kernel does no recursive lookup)", () => {
    expect(resolveNextHop("10.0.0.1", table, FABRIC_PROTOCOL_NAMES)).toEqual({
      via: "10.0.1.1",
      dev: "eth1",
    });
  });

  it("never resolves through a route fabric installed, nor a blackhole; falls back to default", () => {
    expect(resolveNextHop("10.9.9.9", table, FABRIC_PROTOCOL_NAMES)).toEqual({
      via: "172.20.0.1",
      dev: "mgmt0",
    });
  });

  it("takes the first hop of a multipath route, and nothing when no route covers it", () => {
    expect(resolveNextHop("10.7.1.1", table, FABRIC_PROTOCOL_NAMES)).toEqual({
      via: "10.0.1.1",
      dev: "eth1",
    });
    expect(resolveNextHop("10.7.1.1", table.slice(0, 2), FABRIC_PROTOCOL_NAMES)).toBeUndefined();
    expect(resolveNextHop("2001:db8::1", table, FABRIC_PROTOCOL_NAMES)).toBeUndefined();
  });

  it("resolves IPv6 next hops against IPv6 routes", () => {
    const v6: KernelTableRoute[] = [{ dst: "2001:db8:1::/64", dev: "eth1", protocol: "kernel" }];
    expect(resolveNextHop("2001:db8:1::1", v6, FABRIC_PROTOCOL_NAMES)).toEqual({
      via: "2001:db8:1::1",
      dev: "eth1",
    });
  });
});
