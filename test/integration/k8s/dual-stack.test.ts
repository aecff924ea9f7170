// The dual-stack reference lab (labs/cilium-bgp-dual) end to end: every node's speaker announces
// its IPv6 PodCIDR in ipv6/unicast over its IPv4 iBGP session (MP-BGP, RFC 4760) with its IPv6
// uplink address as next hop, FRR's ToRs and spine learn and install them, and pods ping and
// traceroute each other across racks over IPv6 as well as IPv4; then the same lab with rack0's
// sessions over IPv6 (peerAddress the ToR's IPv6 loopback), carrying both families. Destroyed
// even on failure.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";
import { quickPing } from "../../support/ping.js";

// Deploy returns once every session is Established; the first lossless ping across the racks
// comes 2–4 s later on a quiet machine, and in CI, with other labs deploying beside it, it once
// took longer than 20 s (seen twice, not explained: see issue 11's note).
const PING_WAIT_MS = 60_000;

const K8S_NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const NODES = ["router0", "tor0", "tor1", ...K8S_NODES];
/** Each node's IPv6 PodCIDR (a /64 per node from fd00:10:1::/56, in node order). */
const V6_PODCIDRS = ["fd00:10:1::/64", "fd00:10:1:1::/64", "fd00:10:1:2::/64", "fd00:10:1:3::/64"];

interface FrrPath {
  bestpath?: boolean;
  valid?: boolean;
  nexthops?: { ip: string; afi: string; scope?: string }[];
  /** The AS path as text; "" for a route from an iBGP peer in our AS. */
  path?: string;
}

async function ipv6Table(lab: LabFixture, router: string): Promise<Record<string, FrrPath[]>> {
  const r = await lab.execJson(router, "vtysh", "-c", "show bgp ipv6 unicast json");
  return (JSON.parse(r.stdout) as { routes?: Record<string, FrrPath[]> }).routes ?? {};
}

async function kernelV6Routes(lab: LabFixture, node: string): Promise<Map<string, string | undefined>> {
  const r = await lab.execJson(node, "ip", "-6", "-json", "route");
  const rows = JSON.parse(r.stdout) as { dst: string; protocol?: string; gateway?: string }[];
  return new Map(rows.filter((x) => x.protocol === "bgp").map((x) => [x.dst, x.gateway]));
}

describe("the dual-stack reference lab (cilium-bgp-dual)", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("carries IPv6 PodCIDRs to every FRR router, installs them, pings and traces pod to pod over IPv6", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-dual", "t-ds");
    const current = lab;
    await current.snapshot();

    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    // Every router holds all four IPv6 PodCIDRs; the ToRs learn their own rack's from the node,
    // with the node's global IPv6 uplink address as next hop.
    for (const router of ["tor0", "tor1", "router0"]) {
      const table = await waitFor(`${router}: the 4 IPv6 PodCIDRs`, 30_000, async () => {
        const t = await ipv6Table(current, router);
        return V6_PODCIDRS.every((p) => t[p]?.some((x) => x.bestpath)) ? t : undefined;
      });
      // Nothing else of the pod subnet: exactly one /64 per node.
      expect(
        Object.keys(table)
          .filter((p) => p.startsWith("fd00:10:1:"))
          .sort(),
      ).toEqual([...V6_PODCIDRS].sort());
    }
    const tor0 = await ipv6Table(current, "tor0");
    expect(tor0["fd00:10:1:1::/64"]?.[0]?.nexthops?.[0]?.ip).toBe("fd00:10:0:2::2");
    expect(tor0["fd00:10:1:1::/64"]?.[0]?.path).toBe("");
    expect(tor0["fd00:10:1:3::/64"]?.[0]?.path).toBe("65000 65011");
    const tor1 = await ipv6Table(current, "tor1");
    expect(tor1["fd00:10:1:3::/64"]?.[0]?.nexthops?.[0]?.ip).toBe("fd00:10:0:4::2");

    // …and installs them in the kernel: the local rack's via the node, the other rack's via the spine.
    const routes = await kernelV6Routes(current, "tor1");
    expect(routes.get("fd00:10:1:3::/64")).toBe("fd00:10:0:4::2");
    expect(routes.get("fd00:10:1:1::/64")).toMatch(/^fe80::/);

    // Pod to pod across racks over IPv6: ping6, then the path Pod → Node → ToR → Spine → ToR → Node → Pod.
    const pods = JSON.parse(
      (await current.cli("get", "pods", "--lab", current.name, "--format", "json")).stdout,
    ) as {
      name: string;
      node: string;
    }[];
    const src = pods.find((p) => p.node === "kind-worker");
    if (!src) throw new Error("no pod on kind-worker");
    const ping = await waitFor("cross-rack ping6 without loss", PING_WAIT_MS, async () => {
      const r = await current.execJson(`pod/${src.name}`, ...quickPing("fd00:10:1:3::2"));
      return r.exitCode === 0 && /, 0% packet loss/.test(r.stdout) ? r : undefined;
    });
    expect(ping.stdout).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);
    const trace = await current.execJson(
      `pod/${src.name}`,
      "traceroute",
      "-n",
      "-q",
      "1",
      "-w",
      "1",
      "fd00:10:1:3::2",
    );
    const hops = trace.stdout
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/)[1])
      .filter((h): h is string => h !== undefined);
    expect(hops).toEqual([
      "fd00:10:1:1::1",
      "fd00:10:0:2::1",
      "fd00:10::",
      "fd00:10::2",
      "fd00:10:0:4::2",
      "fd00:10:1:3::2",
    ]);

    // The lab's own checks (sessions, both families' PodCIDRs, ping, ping6, traceroute6) pass.
    const test = await current.cli("test", current.file);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/24 passed, 0 failed/);

    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 180_000);

  it("peers rack0's nodes over IPv6 sessions that carry both families' PodCIDRs", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-dual", "t-ds6");
    const current = lab;
    await current.snapshot();
    // rack0's nodes peer with tor0's IPv6 loopback, and tor0 with their IPv6 uplink addresses,
    // activating IPv4 unicast on those IPv6 sessions too.
    const edit = (file: string, from: string, to: string): void => {
      const path = join(current.dir, file);
      const text = readFileSync(path, "utf8");
      if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
      writeFileSync(path, text.replace(from, to));
    };
    edit("cilium-bgp-peering-policies.yaml", 'peerAddress: "10.0.0.1"', 'peerAddress: "fd00:10::1"');
    edit(
      "bgp-topo.yaml",
      "-c ' neighbor 10.0.1.2 peer-group SERVERS' -c ' neighbor 10.0.2.2 peer-group SERVERS'",
      "-c ' neighbor fd00:10:0:1::2 peer-group SERVERS' -c ' neighbor fd00:10:0:2::2 peer-group SERVERS'" +
        " -c ' address-family ipv4 unicast' -c '  neighbor SERVERS activate' -c ' exit-address-family'",
    );
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    // tor0 learns kind-worker's PodCIDRs of both families from its IPv6 session, each with the
    // next hop of its family on the node's uplink.
    const v4 = await waitFor("tor0: 10.1.1.0/24 over the IPv6 session", 30_000, async () => {
      const r = await current.execJson("tor0", "vtysh", "-c", "show bgp ipv4 unicast 10.1.1.0/24 json");
      const paths = (
        JSON.parse(r.stdout) as { paths?: { peer?: { peerId?: string }; nexthops?: { ip: string }[] }[] }
      ).paths;
      return paths?.find((p) => p.peer?.peerId === "fd00:10:0:2::2");
    });
    expect(v4.nexthops?.[0]?.ip).toBe("10.0.2.2");
    const v6 = await ipv6Table(current, "tor0");
    expect(v6["fd00:10:1:1::/64"]?.[0]?.nexthops?.[0]?.ip).toBe("fd00:10:0:2::2");

    // The speaker's own view: one session, to the IPv6 address, a row per family.
    const peers = await current.cli("bgp", "peers", "--lab", current.name, "--format", "json");
    const rows = (
      JSON.parse(peers.stdout) as {
        rows: { node: string; peerAddress: string; state: string; family: string }[];
      }
    ).rows;
    expect(
      rows.filter((r) => r.node === "kind-worker").map((r) => [r.peerAddress, r.state, r.family]),
    ).toEqual([
      ["fd00:10::1", "established", "ipv4/unicast"],
      ["fd00:10::1", "established", "ipv6/unicast"],
    ]);

    // And a pod in rack0 reaches one in rack1 in both families.
    const pods = JSON.parse(
      (await current.cli("get", "pods", "--lab", current.name, "--format", "json")).stdout,
    ) as {
      name: string;
      node: string;
    }[];
    const src = pods.find((p) => p.node === "kind-worker");
    if (!src) throw new Error("no pod on kind-worker");
    for (const dst of ["fd00:10:1:3::2", "10.1.3.2"]) {
      const ping = await waitFor(`ping ${dst} without loss`, PING_WAIT_MS, async () => {
        const r = await current.execJson(`pod/${src.name}`, ...quickPing(dst));
        return r.exitCode === 0 && /, 0% packet loss/.test(r.stdout) ? r : undefined;
      });
      expect(ping.stdout).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);
    }

    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 180_000);
});
