// Cilium's autoDiscovery (mode DefaultGateway) against real FRR: the node peers with whatever its
// default route points at, and follows it when the route changes to the other ToR. Also that the
// speaker host's way of reading a node's gateway (procfs from inside the namespace, via setns)
// sees the node's routes, not the host's.
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import type { SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import { namespaceGateways } from "../../../src/bgp/speaker/default-gateway.js";
import { NetworkNamespace } from "../../../src/bgp/speaker/netns.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { SpeakerProcess, eventually } from "../../support/bgp-peers.js";
import { buildFabric, cleanUpFabrics, ip, startTor, type Fabric } from "../../support/two-tors.js";

let speaker: SpeakerProcess | undefined;

afterEach(async () => {
  await speaker?.stop();
  speaker = undefined;
  await cleanUpFabrics();
});

function discoveringSpeaker(): SpeakerConfig {
  return {
    node: "kind-worker",
    instances: [
      {
        name: "i",
        localASN: 65001,
        routerId: "10.99.1.1",
        peers: [],
        discoveredPeers: [
          {
            autoDiscovery: { mode: "DefaultGateway", addressFamily: "ipv4" },
            peer: {
              name: "gateway",
              peerASN: 0, // either ToR: each has its own AS
              peerPort: 179,
              timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
              ebgpMultihop: 1,
              inbound: { mode: "import", maxPrefixes: 1000 },
              families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
            },
          },
        ],
      },
    ],
  };
}

/** The BGP state FRR on ToR i shows for the node. */
async function frrState(f: Fabric, i: number): Promise<string> {
  const tor = f.tors[i];
  if (!tor) throw new Error(`no tor ${i}`);
  const r = await execa("vtysh", ["-N", `${f.name}t${i}`, "-c", "show bgp neighbors json"], {
    reject: false,
  });
  const all = JSON.parse(r.stdout || "{}") as Record<string, { bgpState?: string }>;
  return all[tor.nodeSide]?.bgpState ?? "none";
}

describe("autoDiscovery: DefaultGateway", () => {
  it("peers with the default gateway and follows it to the other ToR", async () => {
    const f = await buildFabric();
    await startTor(f, 0, []);
    await startTor(f, 1, []);
    await ip("-n", f.node, "route", "add", "default", "via", "10.99.1.2");

    speaker = new SpeakerProcess({ name: f.name, speakerNs: f.node } as NetPair, discoveringSpeaker());
    speaker.start();
    const s = speaker;
    const first = await eventually(
      "Established with tor1 (the gateway)",
      () => s.peers(),
      (rows) => rows.some((r) => r.peerAddress === "10.99.1.2" && r.state === "established"),
      30_000,
    );
    expect(first.map((r) => r.peerAddress)).toEqual(["10.99.1.2"]);
    expect(first[0]?.peerAsn).toBe(65010);
    expect(s.log).toContain("peer gateway: discovered 10.99.1.2, the ipv4 default gateway");
    expect(await frrState(f, 0)).toBe("Established");

    // The default route moves to tor2: the session follows it.
    await ip("-n", f.node, "route", "replace", "default", "via", "10.99.2.2");
    await eventually(
      "Established with tor2",
      () => s.peers(),
      (rows) => rows.length === 1 && rows[0]?.peerAddress === "10.99.2.2" && rows[0].state === "established",
      30_000,
    );
    expect(s.log).toContain("the ipv4 default gateway changed from 10.99.1.2 to 10.99.2.2; following it");
    expect((await s.peers())[0]?.peerAsn).toBe(65011);
    await eventually(
      "tor1 no longer Established",
      () => frrState(f, 0),
      (st) => st !== "Established",
    );

    // No default route at all: no peer.
    await ip("-n", f.node, "route", "del", "default");
    await eventually(
      "no peer",
      () => s.peers(),
      (rows) => rows.length === 0,
      10_000,
    );
    expect(s.log).toContain("the ipv4 default gateway 10.99.2.2 is gone");
  });

  it("reads a node's gateway from inside its namespace, as the speaker host does", async () => {
    const f = await buildFabric();
    await ip("-n", f.node, "route", "add", "default", "via", "10.99.2.2");
    const ns = NetworkNamespace.open(`/run/netns/${f.node}`);
    try {
      const gateways = namespaceGateways(ns);
      expect(gateways("ipv4")).toBe("10.99.2.2");
      expect(gateways("ipv6")).toBeUndefined();
      // And this process's own namespace is untouched by the read.
      expect(namespaceGateways()("ipv4")).not.toBe("10.99.2.2");
    } finally {
      ns.close();
    }
  });
});
