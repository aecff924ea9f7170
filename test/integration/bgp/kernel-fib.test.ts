// Route import into the kernel against real FRR: a node namespace with two ToRs (FRR, AS 65010
// and AS 65011) that both reach a destination namespace. The node has no default route: only
// what the speaker installs lets it reach 192.0.2.1. Checks ECMP over the two ToRs, removal on
// withdraw, on session drop and on speaker shutdown, and that a 10,000-route burst is written by
// one `ip -batch` (with the figures against one `ip route` per route).
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import { KernelFib, namespaceKernel, type KernelTableRoute } from "../../../src/bgp/fib/index.js";
import { RealTimerScheduler } from "../../../src/bgp/fsm/index.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { SpeakerProcess, eventually } from "../../support/bgp-peers.js";
import {
  buildFabric,
  cleanUpFabrics,
  inNs,
  ip,
  netns,
  startTor,
  type Fabric,
} from "../../support/two-tors.js";

let speaker: SpeakerProcess | undefined;

afterEach(async () => {
  await speaker?.stop();
  speaker = undefined;
  await cleanUpFabrics();
});

function speakerConfig(f: Fabric): SpeakerConfig {
  const peer = (i: number): PeerConfig => {
    const tor = f.tors[i];
    if (!tor) throw new Error(`no tor ${i}`);
    return {
      name: `tor${i + 1}`,
      address: tor.torSide,
      peerASN: tor.asn,
      peerPort: 179,
      timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
      ebgpMultihop: 1,
      inbound: { mode: "import", maxPrefixes: 1000 },
      families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
    };
  };
  return {
    node: "kind-worker",
    instances: [{ name: "i", localASN: 65001, routerId: "10.99.1.1", peers: [peer(0), peer(1)] }],
  };
}

async function fabricRoutes(ns: string): Promise<KernelTableRoute[]> {
  const r = await execa("ip", ["-n", ns, "-json", "route", "show", "proto", "201"]);
  return JSON.parse(r.stdout || "[]") as KernelTableRoute[];
}

const hopsOf = (r: KernelTableRoute | undefined): string[] =>
  r ? (r.nexthops ? r.nexthops.map((h) => h.gateway ?? "") : [r.gateway ?? ""]).sort() : [];

async function routeHops(ns: string, dst: string): Promise<string[]> {
  return hopsOf((await fabricRoutes(ns)).find((r) => r.dst === dst));
}

const ping = async (ns: string): Promise<boolean> =>
  (await inNs(ns, "ping", "-c", "1", "-W", "1", "192.0.2.1")).exitCode === 0;

describe("imported routes in the node's kernel, with FRR", () => {
  it("ECMP over two ToRs, reachability without a default route, gone after withdraw, session drop and shutdown", async () => {
    const f = await buildFabric();
    const torA = await startTor(f, 0, ["198.51.100.0/24"]);
    const torB = await startTor(f, 1, []);
    expect(await ping(f.node)).toBe(false); // no default route, nothing learned yet

    speaker = new SpeakerProcess({ name: f.name, speakerNs: f.node } as NetPair, speakerConfig(f));
    speaker.start();
    await eventually(
      "192.0.2.0/24 over both ToRs",
      () => routeHops(f.node, "192.0.2.0/24"),
      (h) => h.length === 2,
      30_000,
    );
    expect(await routeHops(f.node, "192.0.2.0/24")).toEqual(["10.99.1.2", "10.99.2.2"]);
    expect(await routeHops(f.node, "198.51.100.0/24")).toEqual(["10.99.1.2"]);
    const shown = (await execa("ip", ["-n", f.node, "route", "show", "192.0.2.0/24"])).stdout;
    expect(shown).toMatch(/proto (201|fabric) metric 20/);
    expect(shown).toMatch(/nexthop via 10\.99\.1\.2 dev \S+ weight 1/);
    expect(await ping(f.node)).toBe(true);

    // Withdraw on torA: the prefix only it announced leaves the kernel.
    await torA.vtysh(
      "configure terminal",
      "router bgp 65010",
      "address-family ipv4 unicast",
      "no network 198.51.100.0/24",
    );
    await eventually(
      "198.51.100.0/24 withdrawn",
      () => routeHops(f.node, "198.51.100.0/24"),
      (h) => h.length === 0,
    );

    // torB's session drops: ECMP shrinks to torA, traffic still flows.
    await torB.vtysh("configure terminal", "router bgp 65011", "neighbor 10.99.2.1 shutdown");
    await eventually(
      "ECMP down to torA",
      () => routeHops(f.node, "192.0.2.0/24"),
      (h) => h.join() === "10.99.1.2",
    );
    expect(await ping(f.node)).toBe(true);
    // torA's too: nothing learned is left, and the destination is unreachable again.
    await torA.vtysh("configure terminal", "router bgp 65010", "neighbor 10.99.1.1 shutdown");
    await eventually(
      "no fabric route left",
      () => fabricRoutes(f.node),
      (r) => r.length === 0,
    );
    expect(await ping(f.node)).toBe(false);

    // Back up, then the speaker stops: it takes its routes with it.
    await torA.vtysh("configure terminal", "router bgp 65010", "no neighbor 10.99.1.1 shutdown");
    await eventually(
      "route back",
      () => routeHops(f.node, "192.0.2.0/24"),
      (h) => h.length === 1,
      30_000,
    );
    await speaker.stop();
    speaker = undefined;
    expect(await fabricRoutes(f.node)).toEqual([]);
  });

  it("writes a 10,000-route burst with one ip -batch (figures against one ip route per route)", async () => {
    const ns = await netns(`bk-${randomBytes(2).toString("hex")}-burst`);
    const tag = `bk${randomBytes(2).toString("hex")}`;
    await ip("link", "add", `${tag}a`, "type", "veth", "peer", "name", `${tag}b`);
    // Both ends in the namespace, so the link has carrier and 10.97.0.2 is a usable gateway.
    await ip("link", "set", `${tag}a`, "netns", ns);
    await ip("link", "set", `${tag}b`, "netns", ns);
    await ip("-n", ns, "addr", "add", "10.97.0.1/24", "dev", `${tag}a`);
    await ip("-n", ns, "link", "set", `${tag}a`, "up");
    await ip("-n", ns, "link", "set", `${tag}b`, "up");
    const kernel = namespaceKernel(`/run/netns/${ns}`);
    const log: string[] = [];
    const hops = new Map<string, string[]>();
    const fib = new KernelFib({
      kernel,
      scheduler: new RealTimerScheduler(),
      log: (l) => log.push(l),
      nextHops: (k) => hops.get(k) ?? [],
    });
    const keys: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const key = `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
      hops.set(key, ["10.97.0.2"]);
      keys.push(key);
    }
    const started = Date.now();
    for (let i = 0; i < keys.length; i += 1000) fib.touch(keys.slice(i, i + 1000));
    await fib.settled();
    const batchMs = Date.now() - started;
    expect(log.filter((l) => l.includes("in one batch"))).toHaveLength(1);
    expect(log.join("\n")).toContain("10000 route(s) installed or changed, 0 removed, 0 failed");
    const count = (await execa("ip", ["-n", ns, "route", "show", "proto", "201"])).stdout.split("\n").length;
    expect(count).toBe(10_000);
    // One process per route, for scale: 200 of them.
    const single = Date.now();
    for (let i = 0; i < 200; i++) await ip("-n", ns, "route", "add", `172.30.0.${i}/32`, "via", "10.97.0.2");
    const perRouteMs = (Date.now() - single) / 200;
    console.log(
      `kernel FIB: 10,000 routes in one batch in ${batchMs} ms; one ip route per route costs ${perRouteMs.toFixed(1)} ms, ` +
        `about ${Math.round((perRouteMs * 10_000) / 1000)} s for the same burst`,
    );
    await fib.close();
    expect((await execa("ip", ["-n", ns, "route", "show", "proto", "201"])).stdout).toBe("");
  });
});
