// BGP unnumbered's next hops: what the node announces (its link-local address, RFC 8950 for
// IPv4) and what it installs for routes learned over a link-local session (`via inet6 fe80::…
// dev net0`, the device from the session's interface).
import { describe, expect, it } from "vitest";
import {
  forwardingNextHop,
  gatewayWords,
  multipathNextHops,
  replaceLine,
} from "../../../../src/bgp/fib/index.js";
import { resolveNextHop } from "../../../../src/bgp/fib/next-hop.js";
import { LocRib } from "../../../../src/bgp/rib/index.js";
import { exportRoute } from "../../../../src/bgp/rib/export-policy.js";
import { nextHopsFor, type InterfaceAddress } from "../../../../src/bgp/speaker/local-addresses.js";
import { peer, route, seq } from "../rib/support.js";

const LL = "fe80::a8c1:abff:fe00:1";
const TOR_LL = "fe80::1";
const addresses =
  (extra: InterfaceAddress[] = []) =>
  (): InterfaceAddress[] => [
    { interfaceName: "net0", address: LL, family: "ipv6", linkLocal: true },
    { interfaceName: "lxc1", address: "fe80::99", family: "ipv6", linkLocal: true },
    ...extra,
  ];

describe("our next hops on a link-local session", () => {
  it("is the link-local address alone when the interface has no global one, IPv4 too with RFC 8950", () => {
    // Node names the socket's local address with its zone.
    expect(nextHopsFor(addresses(), `${LL}%net0`, true)).toEqual({ ipv6: LL, ipv4: LL });
    expect(nextHopsFor(addresses(), LL, false)).toEqual({ ipv6: LL });
  });

  it("is the global address with the link-local beside it when the interface has one", () => {
    const global: InterfaceAddress = {
      interfaceName: "net0",
      address: "2001:db8::2",
      family: "ipv6",
      linkLocal: false,
    };
    const hops = nextHopsFor(addresses([global]), LL, true);
    expect(hops).toEqual({ ipv6: "2001:db8::2", ipv6LinkLocal: LL, ipv4: "2001:db8::2" });
    // An IPv4 route exported to the ToR carries both (32-octet next hop, RFC 2545 §3).
    const decision = exportRoute(
      route({ type: "local" }),
      { address: TOR_LL, asn: 65010, nextHop: hops },
      { localAsn: 65100 },
    );
    expect(decision).toMatchObject({
      type: "advertise",
      attributes: { nextHop: "2001:db8::2", linkLocalNextHop: LL },
    });
  });

  it("announces an IPv4 PodCIDR to an eBGP ToR with the link-local next hop alone", () => {
    const hops = nextHopsFor(addresses(), LL, true);
    const decision = exportRoute(
      route({ type: "local" }),
      { address: TOR_LL, asn: 65010, nextHop: hops },
      { localAsn: 65100 },
    );
    expect(decision.type).toBe("advertise");
    if (decision.type !== "advertise") return;
    expect(decision.attributes.nextHop).toBe(LL);
    expect(decision.attributes.linkLocalNextHop).toBeUndefined();
  });
});

describe("installing routes learned over a link-local session", () => {
  const onNet0 = (address: string) => (address === TOR_LL ? "net0" : undefined);

  it("scopes a link-local next hop to the session's interface, global ones unchanged", () => {
    const fromTor = route(peer(TOR_LL, 65010), { nextHop: TOR_LL, asPath: [seq(65010)] });
    expect(forwardingNextHop(fromTor, onNet0)).toBe(`${TOR_LL}%net0`);
    // FRR's 32-octet form with the link-local twice, and a global plus link-local.
    const both = route(peer(TOR_LL, 65010), { nextHop: TOR_LL, linkLocalNextHop: TOR_LL });
    expect(forwardingNextHop(both, onNet0)).toBe(`${TOR_LL}%net0`);
    const global = route(peer(TOR_LL, 65010), { nextHop: "2001:db8::1", linkLocalNextHop: TOR_LL });
    expect(forwardingNextHop(global, onNet0)).toBe("2001:db8::1");
    // Without a known interface (not an unnumbered peer) nothing is invented.
    expect(forwardingNextHop(fromTor)).toBe(TOR_LL);
    const rib = new LocRib();
    rib.add(fromTor);
    expect(multipathNextHops(rib.get("10.1.0.0/24"), undefined, onNet0)).toEqual([`${TOR_LL}%net0`]);
  });

  it("resolves a scoped link-local next hop to its link without the table, never a pod veth's fe80::/64", () => {
    const table = [
      { dst: "fe80::/64", dev: "lxc1", family: 6 as const },
      { dst: "fe80::/64", dev: "net0", family: 6 as const },
    ];
    expect(resolveNextHop(`${TOR_LL}%net0`, table, new Set())).toEqual({ via: TOR_LL, dev: "net0" });
  });

  it("writes an IPv4 route through an IPv6 gateway as `via inet6` (RFC 8950 in the kernel)", () => {
    const gw = [{ via: TOR_LL, dev: "net0" }];
    expect(replaceLine("0.0.0.0/0", gw)).toEqual(
      expect.arrayContaining(["via", "inet6", TOR_LL, "dev", "net0"]) as unknown as string[],
    );
    expect(replaceLine("0.0.0.0/0", gw).join(" ")).toMatch(/via inet6 fe80::1 dev net0$/);
    expect(replaceLine("2001:db8::/64", gw).join(" ")).toMatch(/via fe80::1 dev net0$/);
    expect(gatewayWords([...gw, { via: "fe80::2", dev: "net1" }], 4)).toEqual([
      "nexthop",
      "via",
      "inet6",
      TOR_LL,
      "dev",
      "net0",
      "nexthop",
      "via",
      "inet6",
      "fe80::2",
      "dev",
      "net1",
    ]);
    expect(gatewayWords([{ via: "10.0.0.1" }], 4)).toEqual(["via", "10.0.0.1"]);
  });
});
