// BGP unnumbered from Kubernetes nodes, end to end with real FRR: labs/cilium-bgp-unnumbered, in
// which no node has an IPv4 address on its uplink. Each node's speaker finds its ToR from the
// router advertisements FRR sends on `neighbor netN interface`, peers over IPv6 link-local
// addresses with RFC 8950's extended next hop, announces its IPv4 PodCIDR with its link-local as
// next hop (the ToR installs it `via inet6 fe80::…`), and installs the ToR's default route the
// same way; pods ping across racks. The lab is destroyed even when an assertion fails.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";
import { quickPing } from "../../support/ping.js";

interface FrrPeer {
  state: string;
  hostname?: string;
  pfxRcd?: number;
}
interface KernelRoute {
  dst: string;
  dev?: string;
  protocol?: string;
  gateway?: string;
  via?: { family: string; host: string };
}
interface Pod {
  name: string;
  node: string;
  ip: string;
}

const RACKS = [
  { tor: "tor0", nodes: { net1: "kind-control-plane", net2: "kind-worker" } },
  { tor: "tor1", nodes: { net1: "kind-worker2", net2: "kind-worker3" } },
] as const;

async function torPeers(lab: LabFixture, tor: string): Promise<Record<string, FrrPeer>> {
  const r = await lab.execJson(tor, "show", "bgp", "ipv4", "summary", "json");
  return (
    (JSON.parse(r.stdout) as { ipv4Unicast?: { peers?: Record<string, FrrPeer> } }).ipv4Unicast?.peers ?? {}
  );
}

async function kernelRoutes(lab: LabFixture, node: string): Promise<KernelRoute[]> {
  const r = await lab.execJson(node, "ip", "-json", "-4", "route");
  return JSON.parse(r.stdout) as KernelRoute[];
}

describe("BGP unnumbered from Kubernetes nodes (labs/cilium-bgp-unnumbered)", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("peers over link-local addresses, carries PodCIDRs with IPv6 next hops, and routes pod to pod", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-unnumbered", "un");
    const current = lab;

    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    // Each ToR: the spine and its two nodes, the nodes named by interface, 1 PodCIDR from each.
    for (const { tor, nodes } of RACKS) {
      const peers = await waitFor(`${tor}: 3 sessions Established`, 30_000, async () => {
        const p = await torPeers(current, tor);
        const all = Object.values(p);
        return all.length === 3 && all.every((v) => v.state === "Established") ? p : undefined;
      });
      for (const [port, node] of Object.entries(nodes)) {
        expect(peers[port]?.hostname, `${tor} ${port}`).toBe(node);
        expect(peers[port]?.pfxRcd, `${tor} from ${node}`).toBe(1);
      }
      const neighbor = await current.execJson(tor, "vtysh", "-c", "show bgp neighbors net2");
      expect(neighbor.stdout).toMatch(/Extended nexthop: advertised and received/);
    }

    // The speakers' own view: each node Established with a link-local peer, 1 route out.
    const peersRun = await current.cli("bgp", "peers", "--lab", current.name, "--format", "json");
    expect(peersRun.code, peersRun.stderr).toBe(0);
    const rows = (
      JSON.parse(peersRun.stdout) as {
        rows: { node: string; state: string; peerAddress: string; advertised: number }[];
      }
    ).rows;
    expect(rows.map((r) => [r.node, r.state, r.peerAddress.startsWith("fe80:"), r.advertised])).toEqual([
      ["kind-control-plane", "established", true, 1],
      ["kind-worker", "established", true, 1],
      ["kind-worker2", "established", true, 1],
      ["kind-worker3", "established", true, 1],
    ]);

    // No IPv4 address on a node's uplink; its way out is the ToR's default route, via the ToR's
    // link-local address, installed by the speaker (proto fabric).
    const addresses = await current.execJson("kind-worker", "ip", "-4", "-o", "addr", "show", "dev", "net0");
    expect(addresses.stdout.trim()).toBe("");
    const nodeDefault = await waitFor("kind-worker's default route", 15_000, async () =>
      (await kernelRoutes(current, "kind-worker")).find((r) => r.dst === "default"),
    );
    expect(nodeDefault).toMatchObject({ dev: "net0", protocol: "fabric", via: { family: "inet6" } });
    expect(nodeDefault.via?.host).toBe(rows.find((r) => r.node === "kind-worker")?.peerAddress);

    // tor1 routes kind-worker3's PodCIDR to the node's link-local address on net2 (RFC 8950 in
    // the kernel: an IPv4 route with an IPv6 gateway); tor0 reaches it through the spine.
    const tor1Route = await waitFor("tor1's kernel route to 10.1.3.0/24", 15_000, async () =>
      (await kernelRoutes(current, "tor1")).find((r) => r.dst === "10.1.3.0/24" && r.protocol === "bgp"),
    );
    expect(tor1Route).toMatchObject({ dev: "net2", via: { family: "inet6" } });
    expect(tor1Route.via?.host).toMatch(/^fe80:/);
    const tor0Route = await waitFor("tor0's kernel route to 10.1.3.0/24", 15_000, async () =>
      (await kernelRoutes(current, "tor0")).find((r) => r.dst === "10.1.3.0/24" && r.protocol === "bgp"),
    );
    expect(tor0Route.dev).toBe("net0");

    // Pod on kind-worker (rack0) to pod on kind-worker3 (rack1).
    const podsRun = await current.cli("get", "pods", "--lab", current.name, "--format", "json");
    const pods = JSON.parse(podsRun.stdout) as Pod[];
    const src = pods.find((p) => p.node === "kind-worker");
    const dst = pods.find((p) => p.node === "kind-worker3");
    if (!src || !dst) throw new Error(`pods missing: ${podsRun.stdout}`);
    const ping = await waitFor("cross-rack pod ping without loss", 20_000, async () => {
      const r = await current.execJson(`kind-worker/${src.name}`, ...quickPing(dst.ip));
      return r.exitCode === 0 && /, 0% packet loss/.test(r.stdout) ? r : undefined;
    });
    expect(ping.stdout).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);

    // The lab's own checks pass too (`fabric test` on the running lab keeps it).
    const test = await current.cli("test", current.file);
    expect(test.code, test.stdout).toBe(0);
  });

  it("comes up when FRR is the side that connects (localPort set, the node's own connects dropped)", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-unnumbered", "un");
    const current = lab;
    const policies = join(current.dir, "cilium-bgp-peering-policies.yaml");
    const text = readFileSync(policies, "utf8").replace(
      /(\n\s+)localASN: (\d+)/g,
      "$1localASN: $2$1localPort: 179",
    );
    expect(text.match(/localPort: 179/g)).toHaveLength(2);
    writeFileSync(policies, text);
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    // kind-worker3 can no longer connect to BGP's port: only tor1's connection to the node's
    // port 179 can carry the session, from a link-local address the speaker must match to its peer.
    const nft = async (...words: string[]) => {
      const r = await current.execJson("kind-worker3", "nft", ...words);
      expect(r.exitCode, r.stderr).toBe(0);
    };
    await nft("add", "table", "ip6", "un");
    await nft("add", "chain", "ip6", "un", "out", "{ type filter hook output priority 0 ; }");
    await nft("add", "rule", "ip6", "un", "out", "tcp", "dport", "179", "drop");
    const clear = await current.execJson("tor1", "vtysh", "-c", "clear bgp net2");
    expect(clear.exitCode, clear.stderr).toBe(0);

    const session = await waitFor("tor1's session to kind-worker3, connected by tor1", 60_000, async () => {
      const r = await current.execJson("tor1", "vtysh", "-c", "show bgp neighbors net2 json");
      const n = Object.values(
        JSON.parse(r.stdout) as Record<
          string,
          { bgpState?: string; portForeign?: number; hostname?: string }
        >,
      )[0];
      return n?.bgpState === "Established" && n.portForeign === 179 ? n : undefined;
    });
    expect(session.hostname).toBe("kind-worker3");
    const test = await current.cli("test", current.file);
    expect(test.code, test.stdout).toBe(0);
  });
});
