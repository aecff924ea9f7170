import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadKindCluster, loadKindClusterText } from "../../../../src/model/kind/index.js";

const fixture = (p: string): string => fileURLToPath(new URL(`../../../fixtures/kind/${p}`, import.meta.url));

describe("loadKindCluster: the seed cluster", () => {
  const { cluster, diagnostics } = loadKindCluster(fixture("valid/seed-cluster.yaml"));

  it("loads without diagnostics (containerdConfigPatches is ignored quietly)", () => {
    expect(diagnostics).toEqual([]);
    expect(cluster?.name).toBe("kind");
    expect(cluster?.podSubnet).toBe("10.1.0.0/16");
    expect(cluster?.serviceSubnet).toBe("10.96.0.0/16");
    expect(cluster?.disableDefaultCNI).toBe(true);
  });

  it("names nodes as kind does and carves one /24 per node in order", () => {
    expect(cluster?.nodes.map((n) => [n.name, n.role, n.nodeIP, n.podCIDR, n.labels["rack"]])).toEqual([
      ["kind-control-plane", "control-plane", "10.0.1.2", "10.1.0.0/24", "rack0"],
      ["kind-worker", "worker", "10.0.2.2", "10.1.1.0/24", "rack0"],
      ["kind-worker2", "worker", "10.0.3.2", "10.1.2.0/24", "rack1"],
      ["kind-worker3", "worker", "10.0.4.2", "10.1.3.0/24", "rack1"],
    ]);
  });

  it("adds the standard labels and taints the control plane", () => {
    const [cp, w] = cluster?.nodes ?? [];
    expect(cp?.labels).toEqual({
      rack: "rack0",
      "kubernetes.io/hostname": "kind-control-plane",
      "kubernetes.io/os": "linux",
      "node-role.kubernetes.io/control-plane": "",
    });
    expect(cp?.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(w?.taints).toEqual([]);
    expect(w?.labels["node-role.kubernetes.io/control-plane"]).toBeUndefined();
  });

  it("points each node at its list item", () => {
    expect(cluster?.nodes.map((n) => n.location.line)).toEqual([8, 16, 24, 32]);
  });

  it("lets the caller override the name (containerlab's k8s-kind node)", () => {
    const named = loadKindCluster(fixture("valid/seed-cluster.yaml"), "lab1");
    expect(named.cluster?.nodes.map((n) => n.name)).toEqual([
      "lab1-control-plane",
      "lab1-worker",
      "lab1-worker2",
      "lab1-worker3",
    ]);
  });
});

describe("loadKindCluster: other valid configs", () => {
  it("accepts kubeadm v1beta4 list-form kubeletExtraArgs, kind node labels and numbered control planes", () => {
    const { cluster, diagnostics } = loadKindCluster(fixture("valid/v1beta4-list-args.yaml"));
    // Its patch names apiVersion v1beta4: kind would skip it on a node image before 1.36.
    expect(diagnostics.map((d) => [d.severity, d.code, d.location?.line])).toEqual([
      ["warning", "kind-kubeadm-patch-versioned", 10],
    ]);
    expect(cluster?.nodes.map((n) => [n.name, n.nodeIP, n.podCIDR])).toEqual([
      ["lab-control-plane", "192.168.0.10", "10.20.0.0/24"],
      ["lab-control-plane2", undefined, "10.20.1.0/24"],
      ["lab-worker", undefined, "10.20.2.0/24"],
      ["lab-worker2", undefined, "10.20.3.0/24"],
    ]);
    expect(cluster?.nodes[0]?.labels).toMatchObject({ zone: "a", tier: "edge" });
    expect(cluster?.nodes[2]?.labels).toMatchObject({ disk: "ssd", "kubernetes.io/hostname": "lab-worker" });
  });

  it("uses kind's defaults when nodes and networking are absent; a lone control plane is untainted", () => {
    const { cluster, diagnostics } = loadKindCluster(fixture("valid/minimal.yaml"));
    expect(diagnostics).toEqual([]);
    expect(cluster?.podSubnet).toBe("10.244.0.0/16");
    expect(cluster?.nodes).toHaveLength(1);
    expect(cluster?.nodes[0]).toMatchObject({
      name: "kind-control-plane",
      role: "control-plane",
      podCIDR: "10.244.0.0/24",
      taints: [],
    });
  });

  it("maps patch positions for a block scalar with blank first lines", () => {
    const text = [
      "kind: Cluster",
      "apiVersion: kind.x-k8s.io/v1alpha4",
      "nodes:",
      "- role: control-plane",
      "  kubeadmConfigPatches:",
      "  - |",
      "",
      "      kind: InitConfiguration",
      "      nodeRegistration:",
      "        kubeletExtraArgs:",
      "          node-ip: bogus",
      "",
    ].join("\n");
    const { diagnostics } = loadKindClusterText("c.yaml", text);
    expect(diagnostics.map((d) => [d.code, d.location?.line, d.location?.col])).toEqual([
      ["kind-bad-node-ip", 11, 20],
    ]);
  });
});

describe("loadKindCluster: invalid configs", () => {
  const cases: [file: string, code: string, message: string, line: number][] = [
    ["wrong-api-version.yaml", "kind-api-version", "v1alpha3", 2],
    ["pod-subnet-too-small.yaml", "kind-pod-subnet-too-small", "holds 2 /24s but the cluster has 3 nodes", 4],
    ["bad-pod-subnet.yaml", "kind-bad-cidr", "10.1.300.0/16", 5],
    ["ipv6-pod-subnet.yaml", "kind-subnet-family", "is IPv6 but ipFamily is ipv4", 4],
    ["bad-node-ip.yaml", "kind-bad-node-ip", "10.0.1.256", 10],
    ["duplicate-node-ip.yaml", "kind-duplicate-node-ip", "already used by the node at line 10", 17],
    ["bad-node-labels.yaml", "kind-bad-node-labels", '"zone" is not key=value', 10],
    ["unknown-role.yaml", "kind-unknown-role", '"wroker"', 5],
    ["broken-patch-yaml.yaml", "kind-kubeadm-patch-syntax", "not valid YAML", 10],
  ];
  it.each(cases)("%s → %s", (file, code, message, line) => {
    const { cluster, diagnostics } = loadKindCluster(fixture(`invalid/${file}`));
    const d = diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect(d?.severity).toBe("error");
    expect(d?.message).toContain(message);
    expect(d?.location?.line).toBe(line);
    expect(cluster).toBeUndefined();
  });

  it("suggests the expected apiVersion", () => {
    const { diagnostics } = loadKindCluster(fixture("invalid/wrong-api-version.yaml"));
    expect(diagnostics[0]?.suggestion).toBe("use apiVersion: kind.x-k8s.io/v1alpha4");
  });

  it("suggests the role a typo meant", () => {
    const { diagnostics } = loadKindCluster(fixture("invalid/unknown-role.yaml"));
    expect(diagnostics[0]?.suggestion).toBe('did you mean "worker"?');
  });

  it("refuses an unknown top-level field at its line, with did-you-mean, as kind does", () => {
    const { cluster, diagnostics } = loadKindCluster(fixture("invalid/unknown-top-level-field.yaml"));
    expect(diagnostics).toMatchObject([
      {
        severity: "error",
        code: "kind-unknown-field",
        location: { line: 3, col: 1 },
        suggestion: 'did you mean "networking"?',
      },
    ]);
    expect(cluster).toBeUndefined();
  });

  it("only warns about an unknown top-level field when lenient, and loads the rest", () => {
    const { cluster, diagnostics } = loadKindCluster(
      fixture("invalid/unknown-top-level-field.yaml"),
      undefined,
      { unknownFields: "warning" },
    );
    expect(diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "kind-unknown-field",
        location: { line: 3, col: 1 },
        suggestion: 'did you mean "networking"?',
      },
    ]);
    expect(cluster?.podSubnet).toBe("10.244.0.0/16");
  });

  it("warns that an InitConfiguration patch on a worker has no effect", () => {
    const { cluster, diagnostics } = loadKindCluster(fixture("invalid/patch-kind-not-applied.yaml"));
    expect(diagnostics).toMatchObject([
      { severity: "warning", code: "kind-patch-not-applied", location: { line: 8, col: 15 } },
    ]);
    expect(cluster?.nodes[1]?.nodeIP).toBeUndefined();
  });

  it("collects every error instead of stopping at the first", () => {
    const text = "kind: Clustr\napiVersion: v1\nnetworking:\n  podSubnet: nope\nnodes:\n  - role: boss\n";
    const { diagnostics } = loadKindClusterText("c.yaml", text);
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      "kind-api-version",
      "kind-bad-cidr",
      "kind-unknown-role",
      "kind-wrong-kind",
    ]);
  });

  it("suggests the network address when host bits are set", () => {
    const { diagnostics } = loadKindClusterText(
      "c.yaml",
      "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.1.2.0/16\n",
    );
    expect(diagnostics[0]).toMatchObject({ code: "kind-bad-cidr", suggestion: "did you mean 10.1.0.0/16?" });
  });

  it("reports a missing file as a diagnostic", () => {
    expect(loadKindCluster(fixture("nope.yaml")).diagnostics[0]?.code).toBe("file-unreadable");
  });
});
