// kind's ipFamily with podSubnet/serviceSubnet lists: kind's defaults per family, its /24 and /64
// split per node, and one error on the wrong line (with a fix) for each inconsistent config.
import { describe, expect, it } from "vitest";
import { loadKindClusterText } from "../../../../src/model/kind/index.js";

function config(networking: string[], nodeIPs: string[] = []): string {
  const nodes =
    nodeIPs.length === 0
      ? ["  - role: control-plane", "  - role: worker"]
      : nodeIPs.flatMap((ip, i) => [
          `  - role: ${i === 0 ? "control-plane" : "worker"}`,
          "    kubeadmConfigPatches:",
          "      - |",
          `        kind: ${i === 0 ? "InitConfiguration" : "JoinConfiguration"}`,
          "        nodeRegistration:",
          "          kubeletExtraArgs:",
          `            node-ip: "${ip}"`,
        ]);
  return [
    "kind: Cluster",
    "apiVersion: kind.x-k8s.io/v1alpha4",
    "networking:",
    ...networking.map((l) => `  ${l}`),
    "nodes:",
    ...nodes,
    "",
  ].join("\n");
}

const load = (text: string) => loadKindClusterText("c.yaml", text);
const errors = (text: string) =>
  load(text).diagnostics.map((d) => [d.code, d.location?.line, d.message, d.suggestion]);

describe("kind ipFamily: valid clusters", () => {
  it("dual with kind's defaults: an IPv4 /24 and an IPv6 /64 per node, IPv4 first", () => {
    const { cluster, diagnostics } = load(config(["ipFamily: dual"]));
    expect(diagnostics).toEqual([]);
    expect(cluster?.ipFamily).toBe("dual");
    expect(cluster?.podSubnets).toEqual(["10.244.0.0/16", "fd00:10:244::/56"]);
    expect(cluster?.serviceSubnets).toEqual(["10.96.0.0/16", "fd00:10:96::/112"]);
    expect(cluster?.podSubnet).toBe("10.244.0.0/16");
    expect(cluster?.nodes.map((n) => [n.podCIDR, n.podCIDRs])).toEqual([
      ["10.244.0.0/24", ["10.244.0.0/24", "fd00:10:244::/64"]],
      ["10.244.1.0/24", ["10.244.1.0/24", "fd00:10:244:1::/64"]],
    ]);
  });

  it("dual with written lists keeps their order (the first family is the primary one)", () => {
    const { cluster, diagnostics } = load(
      config([
        "ipFamily: dual",
        'podSubnet: "fd00:10:1::/56, 10.1.0.0/16"',
        'serviceSubnet: "10.96.0.0/16,fd00:10:96::/112"',
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(cluster?.podSubnet).toBe("fd00:10:1::/56");
    expect(cluster?.nodes[1]?.podCIDRs).toEqual(["fd00:10:1:1::/64", "10.1.1.0/24"]);
  });

  it("ipv6 with kind's IPv6 defaults", () => {
    const { cluster } = load(config(["ipFamily: ipv6"]));
    expect(cluster?.podSubnets).toEqual(["fd00:10:244::/56"]);
    expect(cluster?.serviceSubnets).toEqual(["fd00:10:96::/112"]);
    expect(cluster?.nodes.map((n) => n.podCIDR)).toEqual(["fd00:10:244::/64", "fd00:10:244:1::/64"]);
  });

  it("ipv4 is kind's default family", () => {
    const { cluster } = load(config(['podSubnet: "10.1.0.0/16"']));
    expect(cluster?.ipFamily).toBe("ipv4");
    expect(cluster?.nodes.map((n) => n.podCIDRs)).toEqual([["10.1.0.0/24"], ["10.1.1.0/24"]]);
  });

  it("an IPv4 node-ip in a dual cluster", () => {
    const { cluster, diagnostics } = load(config(["ipFamily: dual"], ["10.0.1.2", "10.0.2.2"]));
    expect(diagnostics).toEqual([]);
    expect(cluster?.nodes.map((n) => n.nodeIP)).toEqual(["10.0.1.2", "10.0.2.2"]);
  });
});

describe("kind ipFamily: one error on the wrong line, with a fix", () => {
  it("ipFamily: ipv6 with an IPv4 podSubnet", () => {
    expect(errors(config(["ipFamily: ipv6", 'podSubnet: "10.1.0.0/16"']))).toEqual([
      [
        "kind-subnet-family",
        5,
        'podSubnet "10.1.0.0/16" is IPv4 but ipFamily is ipv6',
        'use an IPv6 subnet such as fd00:10:244::/56, or set ipFamily: dual and list both, e.g. "10.244.0.0/16,fd00:10:244::/56"',
      ],
    ]);
  });

  it("ipFamily: ipv4 with two subnets", () => {
    expect(errors(config(['serviceSubnet: "10.96.0.0/16,fd00:10:96::/112"']))[0]?.slice(0, 3)).toEqual([
      "kind-subnet-family",
      4,
      'serviceSubnet "10.96.0.0/16,fd00:10:96::/112" lists 2 subnets; a single-stack ipv4 cluster takes one',
    ]);
  });

  it("dual with one family only", () => {
    expect(errors(config(["ipFamily: dual", 'podSubnet: "10.1.0.0/16"']))).toEqual([
      [
        "kind-subnet-family",
        5,
        'podSubnet "10.1.0.0/16" has only an IPv4 subnet but ipFamily is dual',
        'list one subnet of each family, comma-separated, e.g. "10.244.0.0/16,fd00:10:244::/56"',
      ],
    ]);
  });

  it("dual with two subnets of one family", () => {
    expect(
      errors(config(["ipFamily: dual", 'podSubnet: "10.1.0.0/16,10.2.0.0/16"']))[0]?.slice(0, 3),
    ).toEqual([
      "kind-subnet-family",
      5,
      'podSubnet "10.1.0.0/16,10.2.0.0/16" must list one IPv4 and one IPv6 subnet for ipFamily dual',
    ]);
  });

  it("an unknown ipFamily, alone (no follow-on subnet errors)", () => {
    expect(errors(config(["ipFamily: dualstack", 'podSubnet: "fd00::/56"']))).toEqual([
      [
        "kind-bad-ip-family",
        4,
        'ipFamily "dualstack" is not one of ipv4, ipv6, dual',
        "set ipFamily to ipv4 (kind's default), ipv6 or dual",
      ],
    ]);
  });

  it("an IPv6 node-ip in an IPv4 cluster points at the node-ip", () => {
    const found = errors(config([], ["10.0.1.2", "fd00:0:2::2"]));
    expect(found.map((e) => e.slice(0, 3))).toEqual([
      ["kind-node-ip-family", 18, 'node-ip "fd00:0:2::2" is IPv6 but the cluster\'s ipFamily is ipv4'],
    ]);
  });

  it("an IPv6 pod subnet too small for a /64 per node", () => {
    expect(errors(config(["ipFamily: ipv6", 'podSubnet: "fd00:10:244::/64"']))).toEqual([
      [
        "kind-pod-subnet-too-small",
        5,
        "podSubnet fd00:10:244::/64 holds 1 /64s but the cluster has 2 nodes",
        "set networking.podSubnet to a /63 or larger (one /64 per node), e.g. fd00:10:244::/63",
      ],
    ]);
  });

  it("a bad CIDR in a dual list names that entry", () => {
    expect(
      errors(config(["ipFamily: dual", 'podSubnet: "10.1.0.0/16,fd00:10:244::1/56"']))[0]?.slice(0, 4),
    ).toEqual([
      "kind-bad-cidr",
      5,
      'podSubnet "fd00:10:244::1/56" is not a valid CIDR',
      "did you mean fd00:10:244::/56?",
    ]);
  });

  it("names the family whose subnet of a dual list is too small", () => {
    const found = errors(config(["ipFamily: dual", 'podSubnet: "10.1.0.0/16,fd00:10:244::/64"']));
    expect(found.map((e) => e.slice(0, 4))).toEqual([
      [
        "kind-pod-subnet-too-small",
        5,
        "podSubnet fd00:10:244::/64 holds 1 /64s but the cluster has 2 nodes",
        "make the IPv6 subnet of networking.podSubnet a /63 or larger (one /64 per node), e.g. fd00:10:244::/63",
      ],
    ]);
  });
});
