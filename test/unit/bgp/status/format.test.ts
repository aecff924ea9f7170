import { describe, expect, it } from "vitest";
import type { PeerRow, RouteRow } from "../../../../src/bgp/status/index.js";
import {
  formatAttrs,
  formatPeers,
  formatRoutesAdvertised,
  formatRoutesAvailable,
  parseRequest,
} from "../../../../src/bgp/status/index.js";

const peer = (node: string, family: string, extra: Partial<PeerRow> = {}): PeerRow => ({
  node,
  localAsn: 65001,
  peerAsn: 65010,
  peerAddress: "10.0.0.1",
  peerName: "tor0",
  state: "established",
  uptimeMs: 125_000,
  family,
  received: 3,
  advertised: 1,
  ...extra,
});

const route: RouteRow = {
  node: "kind-worker",
  vrouter: 65001,
  afi: "ipv4",
  prefix: "10.1.1.0/24",
  nextHop: "0.0.0.0",
  ageMs: 45_000,
  best: true,
  from: "local",
  origin: "i",
  asPath: "",
  communities: [],
  largeCommunities: [],
  stale: false,
};

describe("Cilium-style tables", () => {
  it("prints one row per family, session columns once per peer, node once per node", () => {
    const text = formatPeers([
      peer("kind-worker", "ipv4/unicast"),
      peer("kind-worker", "ipv6/unicast", { received: 0, advertised: 0 }),
      peer("kind-worker2", "ipv4/unicast", {
        state: "active",
        uptimeMs: undefined,
        received: 0,
        advertised: 0,
      }),
    ]);
    expect(text.split("\n")).toEqual([
      "Node           Local AS   Peer AS   Peer Address   Session State   Uptime   Family         Received   Advertised",
      "kind-worker    65001      65010     10.0.0.1       established     2m5s     ipv4/unicast   3          1",
      "                                                                            ipv6/unicast   0          0",
      "kind-worker2   65001      65010     10.0.0.1       active                   ipv4/unicast   0          0",
      "",
    ]);
  });

  it("formats attributes the way cilium bgp routes does", () => {
    expect(formatAttrs(route)).toBe("[{Origin: i} {Nexthop: 0.0.0.0}]");
    expect(
      formatAttrs({
        ...route,
        asPath: "64000",
        nextHop: "192.168.211.128",
        communities: ["65000:99"],
        localPref: 200,
      }),
    ).toBe(
      "[{Origin: i} {AsPath: 64000} {Nexthop: 192.168.211.128} {LocalPref: 200} {Communities: 65000:99}]",
    );
    expect(formatRoutesAvailable([route])).toContain(
      "kind-worker   65001     10.1.1.0/24   0.0.0.0   45s   [{Origin: i}",
    );
    expect(formatRoutesAdvertised([{ ...route, peer: "10.0.0.1" }]).split("\n")[0]).toBe(
      "Node          VRouter   Peer       Prefix        NextHop   Age   Attrs",
    );
  });

  it("parses control requests and explains bad ones", () => {
    expect(parseRequest('{"command":"peers"}')).toEqual({ ok: true, request: { command: "peers" } });
    expect(parseRequest('{"command":"routes","kind":"advertised","afi":"ipv6"}')).toEqual({
      ok: true,
      request: { command: "routes", kind: "advertised", afi: "ipv6" },
    });
    expect(parseRequest('{"command":"routes","kind":"best"}')).toMatchObject({ ok: false });
    expect(parseRequest("nope")).toEqual({ ok: false, error: "request is not JSON" });
  });
});
