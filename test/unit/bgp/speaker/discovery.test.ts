import { describe, expect, it } from "vitest";
import type { InstanceConfig } from "../../../../src/bgp/config/speaker-config.js";
import { ipv4DefaultGateway, ipv6DefaultGateway } from "../../../../src/bgp/speaker/default-gateway.js";
import { discoverPeers, discoveryChanges } from "../../../../src/bgp/speaker/discovery.js";

// As this machine's /proc/net/route and /proc/net/ipv6_route print them.
const ROUTE = [
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0",
  "eth1\t00000000\t0102000A\t0003\t0\t0\t20\t00000000\t0\t0\t0",
  "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
].join("\n");
const V6 = (nextHop: string, metric = "00000400") =>
  `00000000000000000000000000000000 00 00000000000000000000000000000000 00 ${nextHop} ${metric} 00000001 00000000 00000003     eth0`;

describe("default gateways from procfs", () => {
  it("reads the IPv4 default route with the lowest metric, bytes in host order", () => {
    expect(ipv4DefaultGateway(ROUTE)).toBe("10.0.2.1");
    expect(ipv4DefaultGateway(ROUTE.split("\n").slice(0, 2).join("\n"))).toBe("192.0.2.1");
    expect(ipv4DefaultGateway(`${ROUTE.split("\n")[0] ?? ""}\n`)).toBeUndefined();
  });

  it("reads an IPv6 default gateway, and says when the only one is link-local", () => {
    expect(ipv6DefaultGateway(V6("20010db8000000000000000000000001"))).toEqual({ gateway: "2001:db8::1" });
    expect(ipv6DefaultGateway(V6("fe800000000000000000000000000001"))).toEqual({ linkLocalOnly: "fe80::1" });
    expect(ipv6DefaultGateway("")).toEqual({});
  });
});

const instance: InstanceConfig = {
  name: "i",
  localASN: 65001,
  routerId: "10.0.2.2",
  peers: [],
  discoveredPeers: [
    {
      autoDiscovery: { mode: "DefaultGateway", addressFamily: "ipv4" },
      peer: {
        name: "tor",
        peerASN: 0,
        peerPort: 179,
        timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
        ebgpMultihop: 1,
        families: [],
      },
    },
  ],
};

describe("discoverPeers", () => {
  it("addresses a discovered peer at the gateway of its family, or leaves it out without one", () => {
    const found = discoverPeers(instance, { gateways: (f) => (f === "ipv4" ? "10.0.2.1" : undefined) });
    expect(found.config.peers.map((p) => [p.name, p.address])).toEqual([["tor", "10.0.2.1"]]);
    expect(discoverPeers(instance, { gateways: () => undefined }).config.peers).toEqual([]);
  });

  it("addresses an unnumbered peer at the router heard on its interface, with that interface", () => {
    const d = instance.discoveredPeers?.[0];
    if (!d) throw new Error("fixture has a discovered peer");
    const unnumbered: InstanceConfig = {
      ...instance,
      discoveredPeers: [{ ...d, autoDiscovery: { mode: "Unnumbered", interface: "net0" } }],
    };
    const heard = (name: string) => (name === "net0" ? "fe80::1" : undefined);
    const found = discoverPeers(unnumbered, { gateways: () => "10.0.2.1", routers: heard });
    expect(found.config.peers.map((p) => [p.name, p.address, p.interface])).toEqual([
      ["tor", "fe80::1", "net0"],
    ]);
    expect(discoverPeers(unnumbered, { routers: () => undefined }).config.peers).toEqual([]);
    const modes = new Map([["tor", { mode: "Unnumbered", interface: "net0" } as const]]);
    expect(discoveryChanges(undefined, new Map([["tor", undefined]]), modes)).toEqual([
      "peer tor: no router advertisement heard on net0 yet; it is discovered when one appears",
    ]);
    expect(discoveryChanges(undefined, new Map([["tor", "fe80::1"]]), modes)).toEqual([
      "peer tor: discovered fe80::1, the router on net0",
    ]);
  });

  it("says what changed, and nothing when nothing did", () => {
    const fam = new Map([["tor", { mode: "DefaultGateway", addressFamily: "ipv4" } as const]]);
    const a = new Map([["tor", "10.0.2.1"]]);
    const b = new Map([["tor", "10.0.2.9"]]);
    expect(discoveryChanges(undefined, a, fam)).toEqual([
      "peer tor: discovered 10.0.2.1, the ipv4 default gateway",
    ]);
    expect(discoveryChanges(a, new Map(a), fam)).toEqual([]);
    expect(discoveryChanges(a, b, fam)).toEqual([
      "peer tor: the ipv4 default gateway changed from 10.0.2.1 to 10.0.2.9; following it",
    ]);
    expect(discoveryChanges(b, new Map([["tor", undefined]]), fam)[0]).toContain(
      "the ipv4 default gateway 10.0.2.9 is gone",
    );
  });
});
