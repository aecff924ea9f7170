// Pod placement, names and addresses for the reference lab, and the exact commands that wire a
// pod the way Cilium's native routing does.
import { describe, expect, it } from "vitest";
import {
  chainedArgv,
  ciliumHostArgvs,
  nodeSideArgvs,
  podSideArgvs,
} from "../../../src/k8s/emulated/netconf.js";
import { hostCommand } from "../../../src/k8s/emulated/pod-command.js";
import { lxcIfname, podName } from "../../../src/k8s/names.js";
import { nodeGateway, nodeGateways, planPods } from "../../../src/k8s/pod-plan.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import type { Lab, Workload } from "../../../src/model/model.js";

function seedLab(): Lab {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}

describe("pods of the reference lab", () => {
  const lab = seedLab();
  const cluster = lab.cluster;
  if (!cluster) throw new Error("the reference lab has a cluster");
  const pods = planPods("cilium-bgp", cluster, lab.workloads);

  it("puts one netshoot pod on each worker and none on the tainted control plane", () => {
    expect(pods.map((p) => p.node)).toEqual(["kind-worker", "kind-worker2", "kind-worker3"]);
    expect(pods.every((p) => p.owner === "DaemonSet/netshoot" && p.namespace === "default")).toBe(true);
  });

  it("names pods as Kubernetes does: stable per lab and node, different across nodes and labs", () => {
    for (const p of pods) expect(p.name).toMatch(/^netshoot-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(pods.map((p) => p.name)).size).toBe(3);
    expect(planPods("cilium-bgp", cluster, lab.workloads).map((p) => p.name)).toEqual(
      pods.map((p) => p.name),
    );
    const other = planPods("other-lab", cluster, lab.workloads).map((p) => p.name);
    expect(other).not.toEqual(pods.map((p) => p.name));
  });

  it("addresses pods from their node's PodCIDR after the network and the router address", () => {
    expect(pods.map((p) => [p.node, p.ip, p.gateway])).toEqual([
      ["kind-worker", "10.1.1.2", "10.1.1.1"],
      ["kind-worker2", "10.1.2.2", "10.1.2.1"],
      ["kind-worker3", "10.1.3.2", "10.1.3.1"],
    ]);
    const controlPlane = cluster.nodes[0];
    expect(controlPlane && nodeGateway(controlPlane)).toBe("10.1.0.1");
  });

  it("gives each pod an lxc interface name that fits IFNAMSIZ", () => {
    for (const p of pods) {
      expect(p.lxc).toMatch(/^lxc[0-9a-f]{12}$/);
      expect(p.lxc).toBe(lxcIfname("cilium-bgp", "default", p.name));
    }
  });

  it("wires node and pod as native routing does", () => {
    const [pod] = pods;
    if (!pod) throw new Error("no pod");
    expect(ciliumHostArgvs(["10.1.1.1"])).toEqual([
      ["ip", "addr", "add", "10.1.1.1/32", "dev", "cilium_host"],
    ]);
    expect(nodeSideArgvs(pod)).toEqual([
      ["sysctl", "-qw", `net.ipv4.conf.${pod.lxc}.proxy_arp=1`],
      ["ip", "route", "replace", "10.1.1.2/32", "dev", pod.lxc, "src", "10.1.1.1"],
    ]);
    expect(podSideArgvs(pod)).toEqual([
      ["ip", "addr", "add", "10.1.1.2/32", "dev", "eth0"],
      ["ip", "route", "add", "default", "via", "10.1.1.1", "dev", "eth0", "onlink"],
    ]);
  });
});

describe("pod plan edge cases", () => {
  const lab = seedLab();
  const cluster = lab.cluster;
  if (!cluster) throw new Error("the reference lab has a cluster");
  const bare = (name: string, nodeName: string): Workload => ({
    kind: "Pod",
    namespace: "default",
    name,
    labels: {},
    command: [],
    nodeSelector: {},
    tolerations: [],
    nodeName,
    location: { file: "x.yaml", line: 1, col: 1 },
  });

  it("keeps a bare Pod's name and numbers pods on the same node consecutively", () => {
    const pods = planPods("l", cluster, [...lab.workloads, bare("client", "kind-worker")]);
    expect(
      pods.filter((p) => p.node === "kind-worker").map((p) => [p.name.replace(/-.*/, "-*"), p.ip]),
    ).toEqual([
      ["netshoot-*", "10.1.1.2"],
      ["client", "10.1.1.3"],
    ]);
    expect(podName("l", bare("client", "kind-worker"), "kind-worker")).toBe("client");
  });

  it("refuses two pods with one name", () => {
    expect(() => planPods("l", cluster, [bare("a", "kind-worker"), bare("a", "kind-worker2")])).toThrow(
      /two pods would be named a/,
    );
  });

  it("runs commands as written, except the image idiom `sleep infinite` GNU sleep spells `infinity`", () => {
    expect(hostCommand(["sleep", "infinite"])).toEqual(["sleep", "infinity"]);
    expect(hostCommand(["sleep", "5"])).toEqual(["sleep", "5"]);
    expect(hostCommand(["sh", "-c", "sleep infinite"])).toEqual(["sh", "-c", "sleep infinite"]);
  });
});

describe("commands chained into one process in a node", () => {
  it("runs them in order, stopping at the first failure, every word quoted", () => {
    expect(chainedArgv([["ip", "addr", "add", "10.0.0.1/32", "dev", "cilium_host"]])).toEqual([
      "ip",
      "addr",
      "add",
      "10.0.0.1/32",
      "dev",
      "cilium_host",
    ]);
    expect(
      chainedArgv([
        ["sysctl", "-qw", "a=1"],
        ["echo", "it's"],
      ]),
    ).toEqual(["sh", "-c", "'sysctl' '-qw' 'a=1' && 'echo' 'it'\\''s'"]);
  });

  it("means to the shell exactly what the argv meant", async () => {
    const { execFileSync } = await import("node:child_process");
    const tricky = ["$(touch /nonexistent)", "a b", "it's", "*", "`x`"];
    const [file, ...args] = chainedArgv([
      ["printf", "%s|"],
      ["printf", "%s|", ...tricky],
    ]);
    expect(execFileSync(file!, args, { encoding: "utf8" })).toBe(`|${tricky.join("|")}|`);
  });
});

describe("pods of the dual-stack reference lab (labs/cilium-bgp-dual)", () => {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp-dual");
  if (!lab?.cluster) throw new Error(JSON.stringify(diagnostics));
  const cluster = lab.cluster;
  const pods = planPods("cilium-bgp-dual", cluster, lab.workloads);

  it("gives every node an IPv4 /24 and an IPv6 /64 and its router address in each", () => {
    expect(cluster.nodes.map((n) => [n.name, n.podCIDRs, nodeGateways(n)])).toEqual([
      ["kind-control-plane", ["10.1.0.0/24", "fd00:10:1::/64"], ["10.1.0.1", "fd00:10:1::1"]],
      ["kind-worker", ["10.1.1.0/24", "fd00:10:1:1::/64"], ["10.1.1.1", "fd00:10:1:1::1"]],
      ["kind-worker2", ["10.1.2.0/24", "fd00:10:1:2::/64"], ["10.1.2.1", "fd00:10:1:2::1"]],
      ["kind-worker3", ["10.1.3.0/24", "fd00:10:1:3::/64"], ["10.1.3.1", "fd00:10:1:3::1"]],
    ]);
  });

  it("gives every pod an address of each family, IPv4 (the first family) as its primary IP", () => {
    expect(pods.map((p) => [p.node, p.ip, p.addresses.map((a) => `${a.ip} via ${a.gateway}`)])).toEqual([
      ["kind-worker", "10.1.1.2", ["10.1.1.2 via 10.1.1.1", "fd00:10:1:1::2 via fd00:10:1:1::1"]],
      ["kind-worker2", "10.1.2.2", ["10.1.2.2 via 10.1.2.1", "fd00:10:1:2::2 via fd00:10:1:2::1"]],
      ["kind-worker3", "10.1.3.2", ["10.1.3.2 via 10.1.3.1", "fd00:10:1:3::2 via fd00:10:1:3::1"]],
    ]);
  });

  it("wires IPv6 beside IPv4: host prefixes, proxy NDP for the router address, no DAD", () => {
    const [pod] = pods;
    if (!pod) throw new Error("no pod");
    expect(ciliumHostArgvs(["10.1.1.1", "fd00:10:1:1::1"])).toEqual([
      ["ip", "addr", "add", "10.1.1.1/32", "dev", "cilium_host"],
      ["ip", "-6", "addr", "add", "fd00:10:1:1::1/128", "dev", "cilium_host", "nodad"],
    ]);
    expect(nodeSideArgvs(pod)).toEqual([
      ["sysctl", "-qw", `net.ipv4.conf.${pod.lxc}.proxy_arp=1`],
      ["ip", "route", "replace", "10.1.1.2/32", "dev", pod.lxc, "src", "10.1.1.1"],
      ["sysctl", "-qw", `net.ipv6.conf.${pod.lxc}.proxy_ndp=1`],
      ["ip", "-6", "neigh", "replace", "proxy", "fd00:10:1:1::1", "dev", pod.lxc],
      ["ip", "-6", "route", "replace", "fd00:10:1:1::2/128", "dev", pod.lxc, "src", "fd00:10:1:1::1"],
    ]);
    expect(podSideArgvs(pod)).toEqual([
      ["ip", "addr", "add", "10.1.1.2/32", "dev", "eth0"],
      ["ip", "route", "add", "default", "via", "10.1.1.1", "dev", "eth0", "onlink"],
      ["ip", "-6", "addr", "add", "fd00:10:1:1::2/128", "dev", "eth0", "nodad"],
      ["ip", "-6", "route", "add", "fd00:10:1:1::1/128", "dev", "eth0"],
      ["ip", "-6", "route", "add", "default", "via", "fd00:10:1:1::1", "dev", "eth0"],
    ]);
  });

  it("advertises each family's PodCIDR in that family to the ToR", () => {
    const families = lab.speakers.get("kind-worker")?.instances[0]?.peers[0]?.families;
    expect(
      families?.map((f) => [f.afi, f.advertisements.flatMap((a) => ("prefixes" in a ? a.prefixes : []))]),
    ).toEqual([
      ["ipv4", ["10.1.1.0/24"]],
      ["ipv6", ["fd00:10:1:1::/64"]],
    ]);
  });
});

describe("pods of an IPv6-only cluster", () => {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp-dual");
  if (!lab?.cluster) throw new Error(JSON.stringify(diagnostics));
  // The dual lab's cluster with only its IPv6 PodCIDRs, as ipFamily: ipv6 would give them.
  const cluster = {
    ...lab.cluster,
    ipFamily: "ipv6" as const,
    podSubnet: "fd00:10:1::/56",
    podSubnets: ["fd00:10:1::/56"],
    nodes: lab.cluster.nodes.map((n) => ({
      ...n,
      podCIDR: n.podCIDRs[1] ?? "",
      podCIDRs: n.podCIDRs.slice(1),
    })),
  };
  const pods = planPods("v6", cluster, lab.workloads);

  it("gives pods an IPv6 primary address and IPv6 wiring only", () => {
    const [pod] = pods;
    if (!pod) throw new Error("no pod");
    expect([pod.ip, pod.gateway, pod.addresses.length]).toEqual(["fd00:10:1:1::2", "fd00:10:1:1::1", 1]);
    expect(podSideArgvs(pod).every((argv) => argv[1] === "-6")).toBe(true);
    expect(nodeSideArgvs(pod).map((argv) => argv[2])).toEqual([
      `net.ipv6.conf.${pod.lxc}.proxy_ndp=1`,
      "neigh",
      "route",
    ]);
  });
});
