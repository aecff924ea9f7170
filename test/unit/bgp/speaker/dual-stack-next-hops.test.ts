// A dual-stack node's next hops (RFC 4760 §3, RFC 2545 §3): over its IPv4 session to the ToR
// loopback, an IPv6 PodCIDR carries the global IPv6 address of the interface the session leaves
// by; over an IPv6 session, an IPv4 PodCIDR carries that interface's IPv4 address. A node without
// an address of the other family there has no next hop for it, and the route is not exported.
import { describe, expect, it } from "vitest";
import { nextHopsFor, type InterfaceAddress } from "../../../../src/bgp/speaker/local-addresses.js";
import { exportRoute } from "../../../../src/bgp/rib/export-policy.js";
import { originate } from "../../../../src/bgp/rib/index.js";
import { parsePrefix } from "../../../../src/bgp/rib/index.js";

const addr = (interfaceName: string, address: string, linkLocal = false): InterfaceAddress => ({
  interfaceName,
  address,
  family: address.includes(":") ? "ipv6" : "ipv4",
  linkLocal,
});

/** kind-worker of labs/cilium-bgp-dual: its uplink net0 and its cilium_host. */
const DUAL = [
  addr("lo", "127.0.0.1"),
  addr("net0", "10.0.2.2"),
  addr("net0", "fd00:10:0:2::2"),
  addr("net0", "fe80::a8c1:abff:fe00:1", true),
  addr("cilium_host", "10.1.1.1"),
  addr("cilium_host", "fd00:10:1:1::1"),
];

describe("next hops of a dual-stack node", () => {
  it("IPv4 session: its own address for IPv4, the uplink's global IPv6 for IPv6 (not link-local, not cilium_host's)", () => {
    expect(nextHopsFor(() => DUAL, "10.0.2.2", false)).toEqual({ ipv4: "10.0.2.2", ipv6: "fd00:10:0:2::2" });
  });

  it("IPv6 session: its own address for IPv6, the uplink's IPv4 for IPv4", () => {
    expect(nextHopsFor(() => DUAL, "fd00:10:0:2::2", false)).toEqual({
      ipv6: "fd00:10:0:2::2",
      ipv4: "10.0.2.2",
    });
  });

  it("an uplink without IPv6: no IPv6 next hop, so the IPv6 PodCIDR is not exported (rather than sent without one)", () => {
    const v4only = DUAL.filter((a) => a.interfaceName !== "net0" || a.family === "ipv4");
    const nextHop = nextHopsFor(() => v4only, "10.0.2.2", false);
    expect(nextHop).toEqual({ ipv4: "10.0.2.2" });
    const route = originate(
      parsePrefix("fd00:10:1:1::/64"),
      { standardCommunities: [], largeCommunities: [] },
      0,
    );
    const decision = exportRoute(
      route,
      { address: "10.0.0.1", asn: 65010, nextHop, exportLearned: false },
      { localAsn: 65010 },
    );
    expect(decision).toEqual({ type: "reject", reason: "no local ipv6 next hop for this peer" });
  });
});
