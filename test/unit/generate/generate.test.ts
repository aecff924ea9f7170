// `fabric generate`: the lab it writes passes validate, past one Linux bridge's 1,023 ports too (the
// management network spreads over trunked bridges), with the nodes, links, sessions and checks the
// parameters ask for; a management network past its bridge limit is refused, and bad parameters.
import { describe, expect, it } from "vitest";
import { checkClosParams } from "../../../src/generate/index.js";
import { planClos } from "../../../src/generate/plan.js";
import { parseYaml } from "../../../src/model/source.js";
import { DEFAULTS, writeLab } from "./support.js";

const SIZES: [spines: number, racks: number, perRack: number][] = [
  [2, 2, 2],
  [2, 4, 8],
  // 2 + 30 + 960 = 992 namespaces: one management bridge.
  [2, 30, 32],
  // 2 + 32 + 1,024 = 1,058 and 2 + 64 + 4,096 = 4,162: two and five management bridges.
  [2, 32, 32],
  [2, 64, 64],
];

describe("generated labs pass validate", () => {
  it.each(SIZES)(
    "%i spines × %i racks × %i nodes",
    (spines, racks, perRack) => {
      const lab = writeLab({ spines: String(spines), racks: String(racks), nodesPerRack: String(perRack) });
      const { lab: model, diagnostics } = lab.load();
      expect(diagnostics).toEqual([]);
      if (!model) throw new Error("no lab");
      const k = racks * perRack;
      const topo = model.topology;
      // Routers own a namespace; each srv-* node joins its Kubernetes node's.
      expect(topo.nodes.filter((n) => n.networkMode.type === "default")).toHaveLength(spines + racks);
      expect(topo.nodes.filter((n) => n.networkMode.type === "container")).toHaveLength(k);
      expect(topo.links).toHaveLength(spines * racks + k);
      expect(model.cluster?.nodes).toHaveLength(k);
      expect(model.cluster?.nodes.filter((n) => n.role === "control-plane")).toHaveLength(1);
      // One speaker per Kubernetes node, one session each, to its rack's ToR loopback.
      expect(model.speakers.size).toBe(k);
      const peers = [...model.speakers.values()].flatMap((s) => s.instances.flatMap((i) => i.peers));
      expect(peers).toHaveLength(k);
      expect(new Set(peers.map((p) => p.address)).size).toBe(racks);
      const racksSeen = new Set(model.cluster?.nodes.map((n) => n.labels["rack"]));
      expect(racksSeen.size).toBe(racks);
      // Every session from both ends, each PodCIDR on its ToR, the spines and one other ToR, one ping.
      const sessions = 2 * (spines * racks + k);
      const prefixes = k * (1 + spines + 1);
      expect(model.checks).toHaveLength(sessions + prefixes + 1);
      expect(model.checks?.filter((c) => c.type === "ping")).toHaveLength(1);
      expect(lab.generated.counts).toMatchObject({ kubernetesNodes: k, links: spines * racks + k });
      // The management network holds every namespace: the default /24 while it fits.
      const needed = spines + racks + k;
      if (needed <= 253) expect(topo.mgmt.ipv4Subnet).toBe("172.20.20.0/24");
      else expect(topo.mgmt.ipv4Subnet).toMatch(/^172\.24\.0\.0\/(1[6-9]|2[0-3])$/);
    },
    120_000,
  );

  it("numbered fabric and eBGP nodes: addresses on every fabric link, one AS per rack of nodes", () => {
    const lab = writeLab({ fabric: "ebgp-numbered", nodePeering: "ebgp", racks: "3" });
    const { lab: model, diagnostics } = lab.load();
    expect(diagnostics).toEqual([]);
    const asns = [...(model?.speakers.values() ?? [])].flatMap((s) =>
      s.instances.flatMap((i) => i.peers.map((p) => [i.localASN, p.peerASN, p.address])),
    );
    expect(asns).toEqual([
      [64512, 65010, "10.0.1.1"],
      [64512, 65010, "10.0.1.1"],
      [64513, 65011, "10.0.1.2"],
      [64513, 65011, "10.0.1.2"],
      [64514, 65012, "10.0.1.3"],
      [64514, 65012, "10.0.1.3"],
    ]);
    const tor0 = model?.topology.nodes.find((n) => n.name === "tor0");
    expect(tor0?.exec).toContain("ip addr add 10.1.0.1/31 dev net0");
    expect(tor0?.exec.at(-1)).toContain("-c ' neighbor 10.1.0.0 peer-group ROUTERS'");
    expect(tor0?.exec.at(-1)).toContain("-c ' neighbor SERVERS remote-as external'");
    const spine0 = model?.topology.nodes.find((n) => n.name === "spine0");
    expect(spine0?.exec).toContain("ip addr add 10.1.0.4/31 dev net1");
    expect(model?.checks).toContainEqual(
      expect.objectContaining({
        type: "bgp-prefix",
        node: "spine1",
        prefix: "10.128.2.0/24",
        asPath: [65011, 64513],
      }),
    );
  });

  it("--checks sample keeps every fabric session and each rack's first and last node", () => {
    const { lab: model } = writeLab({ racks: "4", nodesPerRack: "8", checks: "sample" }).load();
    const sessionsOf = (prefix: string) =>
      (model?.checks ?? []).flatMap((c) =>
        c.type === "bgp-session" && c.node.startsWith(prefix) ? [c] : [],
      );
    const nodes = new Set(sessionsOf("kind-").map((c) => c.node));
    expect([...nodes]).toEqual([
      "kind-control-plane",
      "kind-worker7",
      "kind-worker8",
      "kind-worker15",
      "kind-worker16",
      "kind-worker23",
      "kind-worker24",
      "kind-worker31",
    ]);
    expect(model?.checks?.filter((c) => c.type === "bgp-session" && c.node.startsWith("spine"))).toHaveLength(
      8,
    );
  });

  it("writes the reference lab's YAML idioms: one exec line per vtysh call, quoted endpoints, --- between CRDs", () => {
    const lab = writeLab();
    const text = (path: string) => lab.generated.files.find((f) => f.path === path)?.text ?? "";
    expect(text("topology.clab.yaml")).toContain('- endpoints: ["spine0:net0", "tor0:net0"]');
    expect(text("topology.clab.yaml")).toMatch(/^ {8}- vtysh -c 'conf t' .* -c '!'$/m);
    expect(text("cilium-bgp.yaml").split(/^---$/m)).toHaveLength(4);
    for (const f of lab.generated.files) expect(parseYaml(f.path, f.text).diagnostics).toEqual([]);
    expect(text("lab.yaml")).toMatch(/^# Generated by: fabric generate DIR --name gen-test --spines 2 /m);
  });
});

describe("the addressing plan", () => {
  it("gives distinct addresses at the largest size the parameters allow", () => {
    const plan = planClos(checkClosParams({ ...DEFAULTS, spines: "8", racks: "254", nodesPerRack: "64" }));
    const nodes = plan.racks.flatMap((r) => r.nodes);
    expect(nodes).toHaveLength(254 * 64);
    const all = [
      ...plan.spines.map((s) => s.loopback),
      ...plan.racks.map((r) => r.torLoopback),
      ...nodes.flatMap((n) => [n.ip, n.torIp]),
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(nodes.map((n) => n.podCIDR)).size).toBe(nodes.length);
    expect(plan.podSubnet).toBe("10.128.0.0/10");
    expect(plan.mgmtSubnet).toBe("172.24.0.0/17");
    expect(plan.racks.at(-1)?.torAsn).toBe(65263);
    expect(plan.racks.at(-1)?.torLoopback).toBe("10.0.1.254");
  });
});

describe("bad parameters", () => {
  const refuse = (overrides: Partial<typeof DEFAULTS>) => () =>
    checkClosParams({ ...DEFAULTS, ...overrides });

  it("lists every problem with its range and the reason for it", () => {
    expect(refuse({ spines: "0", racks: "255", nodesPerRack: "65", name: "-x" })).toThrow(
      expect.objectContaining({
        code: "generate-bad-parameters",
        exitCode: 2,
        message: expect.stringMatching(
          /--name "-x".*\n.*--spines "0": a whole number from 1 to 254.*\n.*--racks "255".*10\.0\.1\.0\/24.*\n.*--nodes-per-rack "65": .*one \/30 per node link/,
        ),
      }),
    );
  });

  it("refuses non-numbers, unknown modes, IPv6 and a management subnet too small, saying the size needed", () => {
    expect(refuse({ racks: "2.5" })).toThrow(/--racks "2\.5"/);
    expect(refuse({ fabric: "ospf" })).toThrow(/--fabric "ospf": one of ebgp-unnumbered, ebgp-numbered/);
    expect(refuse({ nodePeering: "static" })).toThrow(/--node-peering "static": one of ibgp, ebgp/);
    expect(refuse({ mgmtSubnet: "fd00::/64" })).toThrow(/IPv4 only for now; IPv6 comes with dual-stack/);
    expect(refuse({ mgmtSubnet: "172.30.0.0/24", racks: "16", nodesPerRack: "16" })).toThrow(
      /--ipv4-subnet 172\.30\.0\.0\/24 holds 253 node addresses but the lab needs 274: use a \/23 or larger/,
    );
    expect(refuse({ mgmtSubnet: "172.30.0.1/24" })).toThrow(/host bits/);
  });
});
