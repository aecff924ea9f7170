// Validate refuses what deploy could not build at scale, before anything exists, each with the
// file and line to change and the fix: a management subnet too small for the lab's namespaces,
// interface names over Linux's 15 bytes, a podSubnet with fewer /24s than nodes. And DaemonSet pod
// names never collide, whatever the size.
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/errors.js";
import { lxcIfname, podName } from "../../../src/k8s/names.js";
import { planPods } from "../../../src/k8s/pod-plan.js";
import { IFNAME_MAX, mgmtBridgeName, mgmtHostIfname } from "../../../src/links/names.js";
import { writeLab, type WrittenLab } from "./support.js";

/** The 1-based line of the first line of `file` that contains `needle`, read from the text itself. */
function lineOf(lab: WrittenLab, file: string, needle: string): number {
  const index = lab
    .text(file)
    .split("\n")
    .findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

function onlyError(lab: WrittenLab, code: string): Diagnostic {
  const { lab: model, diagnostics } = lab.load();
  expect(model).toBeUndefined();
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, JSON.stringify(diagnostics, null, 1)).toHaveLength(1);
  return found[0] as Diagnostic;
}

describe("management subnet too small", () => {
  // 2 spines + 16 ToRs + 256 Kubernetes nodes = 274 namespaces: more than a /24's 253.
  const big = { racks: "16", nodesPerRack: "16" };

  it("points at the subnet the topology sets, and says how large it must be", () => {
    const lab = writeLab(big);
    lab.edit("topology.clab.yaml", (t) =>
      t.replace("ipv4-subnet: 172.24.0.0/23", "ipv4-subnet: 172.30.0.0/24"),
    );
    const d = onlyError(lab, "mgmt-subnet-too-small");
    expect(d.message).toBe(
      "management subnet 172.30.0.0/24 holds 253 node addresses, but the lab needs 274 (18 topology nodes and 256 Kubernetes nodes)",
    );
    expect(d.location?.file).toMatch(/topology\.clab\.yaml$/);
    expect(d.location?.line).toBe(lineOf(lab, "topology.clab.yaml", "ipv4-subnet: 172.30.0.0/24"));
    expect(d.suggestion).toBe(
      "set mgmt.ipv4-subnet in topology.clab.yaml to a /23 or larger, e.g. `mgmt: {ipv4-subnet: 172.24.0.0/23}`",
    );
  });

  it("with no subnet set, names containerlab's default and points where mgmt goes", () => {
    const lab = writeLab(big);
    lab.edit("topology.clab.yaml", (t) => t.replace(/^mgmt:\n {2}ipv4-subnet: .*\n/m, ""));
    const d = onlyError(lab, "mgmt-subnet-too-small");
    expect(d.message).toMatch(
      /^management subnet 172\.20\.20\.0\/24 holds 253 node addresses, but the lab needs 274/,
    );
    expect(d.location?.line).toBe(lineOf(lab, "topology.clab.yaml", "name: gen-test"));
  });

  it("passes a lab that fits exactly, and refuses one more namespace", () => {
    // 1 spine + 4 ToRs + 4 × 62 nodes = 253: all a /24 holds, so the generator leaves mgmt unset.
    const fits = writeLab({ spines: "1", racks: "4", nodesPerRack: "62" });
    expect(fits.text("topology.clab.yaml")).not.toContain("mgmt:");
    expect(fits.load().diagnostics).toEqual([]);
    const over = writeLab({ spines: "2", racks: "4", nodesPerRack: "62" });
    over.edit("topology.clab.yaml", (t) => t.replace(/^mgmt:\n {2}ipv4-subnet: .*\n/m, ""));
    expect(onlyError(over, "mgmt-subnet-too-small").message).toMatch(
      /holds 253 node addresses, but the lab needs 254 /,
    );
  });
});

describe("interface names longer than IFNAMSIZ - 1", () => {
  it("are refused on the link that names them", () => {
    const lab = writeLab();
    lab.edit("topology.clab.yaml", (t) => t.replace('"tor0:net2"', '"tor0:to-kind-control-plane"'));
    const d = onlyError(lab, "interface-name-too-long");
    expect(d.message).toBe('interface name "to-kind-control-plane" is 21 bytes; Linux allows at most 15');
    expect(d.location?.file).toMatch(/topology\.clab\.yaml$/);
    expect(d.location?.line).toBe(lineOf(lab, "topology.clab.yaml", '"tor0:to-kind-control-plane"'));
  });

  it("never come from fabric itself: every name it derives fits, however long the lab and node names", () => {
    const lab = "a-lab-name-of-forty-characters-0123456789";
    const node = "kind-worker4095";
    for (const name of [
      mgmtBridgeName(lab),
      mgmtHostIfname(lab, node),
      lxcIfname(lab, "kube-system", "netshoot-bcdfg"),
    ]) {
      expect(name.length).toBeLessThanOrEqual(IFNAME_MAX);
    }
  });
});

describe("PodCIDR exhaustion", () => {
  it("points at podSubnet and gives a size that fits", () => {
    const lab = writeLab();
    lab.edit("cluster.yaml", (t) => t.replace("podSubnet: 10.128.0.0/16", "podSubnet: 10.128.0.0/23"));
    const d = onlyError(lab, "kind-pod-subnet-too-small");
    expect(d.message).toBe("podSubnet 10.128.0.0/23 holds 2 /24s but the cluster has 4 nodes");
    expect(d.location?.file).toMatch(/cluster\.yaml$/);
    expect(d.location?.line).toBe(lineOf(lab, "cluster.yaml", "podSubnet: 10.128.0.0/23"));
    expect(d.suggestion).toBe(
      "set networking.podSubnet to a /22 or larger (one /24 per node), e.g. 10.128.0.0/22",
    );
  });

  it("says when it is kind's default that is too small", () => {
    const lab = writeLab({ racks: "17", nodesPerRack: "16" });
    lab.edit("cluster.yaml", (t) => t.replace(/^ {2}podSubnet: .*\n/m, ""));
    const d = onlyError(lab, "kind-pod-subnet-too-small");
    expect(d.message).toBe(
      "kind's default podSubnet 10.244.0.0/16 holds 256 /24s but the cluster has 272 nodes",
    );
    expect(d.location?.line).toBe(lineOf(lab, "cluster.yaml", "networking:") + 1);
    expect(d.suggestion).toMatch(/a \/15 or larger .*e\.g\. 10\.244\.0\.0\/15$/);
  });
});

describe("DaemonSet pod names", () => {
  // Found by search: in lab "lab804" the first candidate names of kind-worker29's and
  // kind-worker45's netshoot pods are the same (netshoot-k26l8).
  const lab = writeLab({ racks: "2", nodesPerRack: "64" });
  const model = lab.load().lab;
  const cluster = model?.cluster;
  const ds = model?.workloads.find((w) => w.kind === "DaemonSet");
  if (!cluster || !ds) throw new Error("generated lab without cluster or DaemonSet");

  it("take the next candidate when the first is taken, as the API server's generator retries", () => {
    expect(podName("lab804", ds, "kind-worker29")).toBe(podName("lab804", ds, "kind-worker45"));
    const pods = planPods("lab804", cluster, [ds]);
    expect(pods).toHaveLength(128);
    expect(new Set(pods.map((p) => p.name)).size).toBe(128);
    const on = (node: string) => pods.find((p) => p.node === node)?.name;
    expect(on("kind-worker29")).toBe(podName("lab804", ds, "kind-worker29"));
    expect(on("kind-worker45")).toBe(podName("lab804", ds, "kind-worker45", 1));
    expect(on("kind-worker45")).toMatch(/^netshoot-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("are the same on every run of the same lab", () => {
    expect(planPods("lab804", cluster, [ds]).map((p) => p.name)).toEqual(
      planPods("lab804", cluster, [ds]).map((p) => p.name),
    );
  });

  it("step around a bare Pod that holds a generated name, wherever it comes in the manifests", () => {
    const taken = podName("gen", ds, "kind-worker");
    const bare = { ...ds, kind: "Pod" as const, name: taken, nodeName: "kind-worker2" };
    for (const order of [
      [ds, bare],
      [bare, ds],
    ]) {
      const pods = planPods("gen", cluster, order);
      expect(pods.find((p) => p.owner === "Pod/" + taken)?.name).toBe(taken);
      expect(pods.find((p) => p.owner === "DaemonSet/netshoot" && p.node === "kind-worker")?.name).toBe(
        podName("gen", ds, "kind-worker", 1),
      );
    }
  });
});

describe("management network past its bridges", () => {
  it("is refused, naming the bridge limit, at the subnet line", async () => {
    const { mgmtSubnetFits } = await import("../../../src/model/lab-file/mgmt-fits.js");
    const { MAX_MGMT_PORTS } = await import("../../../src/model/mgmt-capacity.js");
    const lab = writeLab();
    const model = lab.load().lab;
    if (!model?.cluster) throw new Error("no lab");
    // Past what generate can write (254 racks × 64): the lab's own nodes plus copies of one node.
    const topology = { ...model.topology, mgmt: { ...model.topology.mgmt, ipv4Subnet: "10.128.0.0/9" } };
    const routers = topology.nodes.filter((n) => n.networkMode.type !== "container").length;
    const node = model.cluster.nodes[0];
    if (!node) throw new Error("no node");
    const fits = { ...model.cluster, nodes: Array.from({ length: MAX_MGMT_PORTS - routers }, () => node) };
    expect(mgmtSubnetFits(topology, fits)).toEqual([]);
    const over = { ...model.cluster, nodes: [...fits.nodes, node] };
    const [d, ...rest] = mgmtSubnetFits(topology, over);
    expect(rest).toEqual([]);
    expect(d?.code).toBe("mgmt-bridge-full");
    expect(d?.message).toBe(
      `the management network would need ${MAX_MGMT_PORTS + 1} ports (${routers} topology nodes and ${MAX_MGMT_PORTS + 1 - routers} Kubernetes nodes), but it spans at most 24 bridges of 1000 nodes (24000 nodes)`,
    );
  });
});
