// Valid topologies resolve to the expected model: both link forms, inheritance from
// defaults/kinds/groups, the reference lab, and k8s-kind cluster references.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  kindClustersOf,
  loadTopology,
  resolveTopologyText,
} from "../../../../src/model/containerlab/index.js";
import { DEFAULT_LINK_MTU, DEFAULT_MGMT } from "../../../../src/model/model.js";

const dir = join(import.meta.dirname, "../../../fixtures/topology/valid");
const CLUSTER = new Set(["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"]);

describe("the seed topology (bgp-topo.yaml)", () => {
  const file = join(dir, "seed-bgp-topo.yaml");

  it("resolves with the kind cluster's node names", () => {
    const { topology, diagnostics } = loadTopology(file, { clusterNodeNames: CLUSTER });
    expect(diagnostics).toEqual([]);
    expect(topology?.name).toBe("bgp-topo");
    expect(topology?.prefix).toBe("clab");
    // No mgmt section: a subnet would be added at the top of the file.
    expect(topology?.mgmt).toEqual({
      ...DEFAULT_MGMT,
      ipv4SubnetLocation: expect.objectContaining({ line: 1 }),
    });
    expect(topology?.nodes.map((n) => n.name)).toEqual([
      "router0",
      "tor0",
      "tor1",
      "srv-control-plane",
      "srv-worker",
      "srv-worker2",
      "srv-worker3",
    ]);
    expect(topology?.links.map((l) => l.endpoints.map((e) => `${e.node}:${e.iface}`).join(" "))).toEqual([
      "router0:net0 tor0:net0",
      "router0:net1 tor1:net0",
      "tor0:net1 srv-control-plane:net0",
      "tor0:net2 srv-worker:net0",
      "tor1:net1 srv-worker2:net0",
      "tor1:net2 srv-worker3:net0",
    ]);
    expect(topology?.links.every((l) => l.mtu === DEFAULT_LINK_MTU)).toBe(true);
    expect(topology?.links[2]?.location.line).toBe(89);
  });

  it("keeps each node's fields, with cmd inherited from kinds.linux", () => {
    const { topology } = loadTopology(file, { clusterNodeNames: CLUSTER });
    const router0 = topology?.nodes[0];
    expect(router0).toMatchObject({
      kind: "linux",
      image: "frrouting/frr:v8.2.2",
      cmd: "bash",
      labels: { app: "frr" },
      networkMode: { type: "default" },
      binds: [],
      env: {},
      location: { file, line: 7, col: 5 },
    });
    expect(router0?.exec.slice(0, 3)).toEqual([
      "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE",
      "ip addr add 10.0.0.0/32 dev lo",
      "ip route add blackhole 10.0.0.0/8",
    ]);
    expect(router0?.exec).toContain("sed -i -e 's/bgpd=no/bgpd=yes/g' /etc/frr/daemons");
    // The `- >-` folded scalar is one line, without a trailing newline.
    const vtysh = router0?.exec.at(-1) ?? "";
    expect(vtysh.startsWith("vtysh -c 'conf t' -c 'frr defaults datacenter' -c 'router bgp 65000'")).toBe(
      true,
    );
    expect(vtysh.endsWith("-c '!'")).toBe(true);
    expect(vtysh).not.toContain("\n");
    const srv = topology?.nodes.find((n) => n.name === "srv-worker2");
    expect(srv).toMatchObject({
      image: "nicolaka/netshoot:latest",
      cmd: "bash",
      networkMode: { type: "container", target: "kind-worker2", targetIs: "cluster-node" },
      exec: ["ip addr add 10.0.3.2/24 dev net0", "ip route replace default via 10.0.3.1"],
    });
  });

  it("reports the four network-mode targets without the cluster", () => {
    const { topology, diagnostics } = loadTopology(file);
    expect(topology).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["network-mode-unknown-target", 59],
      ["network-mode-unknown-target", 68],
      ["network-mode-unknown-target", 75],
      ["network-mode-unknown-target", 82],
    ]);
    expect(diagnostics[1]?.message).toContain("refers to kind-worker,");
  });
});

describe("link forms", () => {
  it("reads the brief and the typed veth form, with mtu and mgmt settings", () => {
    const { topology, diagnostics } = loadTopology(join(dir, "links-both-forms.yaml"));
    expect(diagnostics).toEqual([]);
    expect(topology?.prefix).toBe("");
    expect(topology?.mgmt).toEqual({
      network: "fabric-mgmt",
      ipv4Subnet: "172.30.30.0/24",
      ipv6Subnet: DEFAULT_MGMT.ipv6Subnet,
      ipv4SubnetLocation: expect.objectContaining({ line: 5, col: 16 }),
    });
    expect(topology?.nodes.map((n) => [n.name, n.kind, n.mgmtIpv4])).toEqual([
      ["a", "linux", "172.30.30.10"],
      ["b", "frr", undefined],
      ["sw", "bridge", undefined],
    ]);
    expect(topology?.links).toEqual([
      {
        endpoints: [
          { node: "a", iface: "eth1" },
          { node: "b", iface: "eth1" },
        ],
        mtu: 9500,
        location: expect.objectContaining({ line: 16, col: 7 }),
      },
      {
        endpoints: [
          { node: "a", iface: "eth2" },
          { node: "sw", iface: "port1" },
        ],
        mtu: 1500,
        location: expect.objectContaining({ line: 17, col: 7 }),
      },
    ]);
  });
});

describe("inheritance: node > group > kind > defaults", () => {
  const { topology, diagnostics } = loadTopology(join(dir, "inheritance.yaml"));
  const r1 = topology?.nodes.find((n) => n.name === "r1");
  const h1 = topology?.nodes.find((n) => n.name === "h1");

  it("resolves without diagnostics", () => {
    expect(diagnostics).toEqual([]);
  });

  it("takes scalars from the most specific level", () => {
    expect(r1).toMatchObject({ kind: "linux", group: "spine", image: "frrouting/frr:v8.2.2", cmd: "bash" });
    expect(r1?.startupConfig).toBe(join(dir, "configs/r1.cfg"));
    expect(h1).toMatchObject({
      kind: "linux",
      image: "nicolaka/netshoot:latest",
      cmd: "bash",
      entrypoint: "/bin/sh",
    });
    expect(h1?.group).toBeUndefined();
  });

  it("merges env and labels key by key", () => {
    expect(r1?.env).toEqual({ LEVEL: "group", FROM_DEFAULTS: "yes", OWN: "1" });
    expect(h1?.env).toEqual({ LEVEL: "node", FROM_DEFAULTS: "yes", NUM: "42" });
    expect(r1?.labels).toEqual({ tier: "lab", role: "spine" });
    expect(h1?.labels).toEqual({ tier: "lab" });
  });

  it("concatenates exec from defaults to node, dropping repeats", () => {
    expect(r1?.exec).toEqual(["echo defaults", "echo kind", "echo node"]);
    expect(h1?.exec).toEqual(["echo defaults", "echo kind"]);
  });

  it("merges binds by their path in the node, the more specific level winning", () => {
    expect(h1?.binds).toEqual([
      { source: join(dir, "configs/daemons"), target: "/etc/frr/daemons", readOnly: true },
    ]);
    expect(r1?.binds).toEqual([
      { source: join(dir, "configs/r1.cfg"), target: "/etc/frr/daemons", readOnly: false },
    ]);
  });
});

describe("network-mode targets", () => {
  const text = [
    "name: nm",
    "topology:",
    "  nodes:",
    "    a: {kind: linux}",
    "    b: {kind: linux, network-mode: container:a}",
    "    c: {kind: linux, network-mode: host}",
    "    d: {kind: linux, network-mode: none}",
    "",
  ].join("\n");

  it("resolves node targets and the other modes", () => {
    const { topology, diagnostics } = resolveTopologyText(join(dir, "nm.yaml"), text);
    expect(diagnostics).toEqual([]);
    expect(topology?.nodes.map((n) => n.networkMode)).toEqual([
      { type: "default" },
      { type: "container", target: "a", targetIs: "node" },
      { type: "host" },
      { type: "none" },
    ]);
  });
});

describe("k8s-kind nodes", () => {
  const text = [
    "name: k8s",
    "topology:",
    "  nodes:",
    "    k01:",
    "      kind: k8s-kind",
    "      startup-config: kind-cluster.yaml",
    "    srv:",
    "      kind: linux",
    "      network-mode: container:k01-worker",
    "",
  ].join("\n");
  const file = join(dir, "k8s.yaml");

  it("lists the cluster configs even when the topology has errors", () => {
    const result = resolveTopologyText(file, text);
    expect(result.kindClusters).toEqual([{ node: "k01", configFile: join(dir, "kind-cluster.yaml") }]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["network-mode-unknown-target"]);
  });

  it("resolves once the cluster's node names are known", () => {
    const result = resolveTopologyText(file, text, {
      clusterNodeNames: new Set(["k01-control-plane", "k01-worker"]),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.topology?.nodes[0]).toMatchObject({
      kind: "k8s-kind",
      startupConfig: join(dir, "kind-cluster.yaml"),
    });
  });

  it("kindClustersOf reads them from a file without validating", () => {
    expect(kindClustersOf(join(dir, "seed-bgp-topo.yaml"))).toEqual([]);
    expect(kindClustersOf(join(dir, "no-such-file.yaml"))).toEqual([]);
    const linkOnKind = join(import.meta.dirname, "../../../fixtures/topology/invalid/link-on-k8s-kind.yaml");
    expect(kindClustersOf(linkOnKind)).toEqual([{ node: "k01", configFile: join(dir, "kind-cluster.yaml") }]);
  });

  it("requires a kind cluster config", () => {
    const result = resolveTopologyText(file, "name: k\ntopology:\n  nodes:\n    k01: {kind: k8s-kind}\n");
    expect(result.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["k8s-kind-config-missing", 4],
    ]);
  });
});

describe("loadTopology", () => {
  it("reports an unreadable file as a diagnostic", () => {
    const result = loadTopology(join(dir, "no-such-file.yaml"));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["file-unreadable"]);
    expect(result.diagnostics[0]?.message).toContain("file not found");
  });
});
