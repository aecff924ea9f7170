import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadManifests, placePods } from "../../../../src/model/k8s/index.js";
import { loadKindCluster } from "../../../../src/model/kind/index.js";

const fixture = (p: string): string => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));

describe("loadManifests", () => {
  it("reads the seed netshoot DaemonSet", () => {
    const { workloads, services, diagnostics } = loadManifests([fixture("k8s/valid/netshoot-ds.yaml")]);
    expect(diagnostics).toEqual([]);
    expect(services).toEqual([]);
    expect(workloads).toMatchObject([
      {
        kind: "DaemonSet",
        namespace: "default",
        name: "netshoot",
        labels: { app: "netshoot" },
        image: "nicolaka/netshoot:latest",
        command: ["sleep", "infinite"],
        nodeSelector: {},
        tolerations: [{ key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" }],
        location: { line: 4 },
      },
    ]);
  });

  it("reads Services and Pods from a multi-document file and warns about other kinds", () => {
    const { workloads, services, diagnostics } = loadManifests([fixture("k8s/valid/services.yaml")]);
    expect(services).toMatchObject([
      {
        namespace: "shop",
        name: "web",
        labels: { app: "web" },
        type: "LoadBalancer",
        clusterIPs: ["10.96.100.10"],
        externalIPs: ["192.0.2.10"],
        loadBalancerIPs: ["198.51.100.7", "198.51.100.8"],
      },
      {
        namespace: "default",
        name: "headless",
        type: "ClusterIP",
        clusterIPs: [],
        externalIPs: [],
        loadBalancerIPs: [],
      },
    ]);
    expect(workloads).toMatchObject([
      {
        kind: "Pod",
        name: "probe",
        nodeName: "kind-control-plane",
        command: ["sleep", "3600"],
        labels: { role: "probe" },
      },
    ]);
    expect(diagnostics).toMatchObject([
      { severity: "warning", code: "k8s-ignored-kind", location: { line: 42 } },
    ]);
  });

  const invalid: [file: string, code: string, message: string, line: number][] = [
    ["wrong-api-version.yaml", "k8s-api-version", "DaemonSet needs apiVersion apps/v1", 1],
    ["bad-toleration.yaml", "k8s-bad-toleration", 'operator "Exist"', 8],
    ["bad-service-ip.yaml", "k8s-bad-address", "10.96.0.300", 6],
  ];
  it.each(invalid)("%s → %s", (file, code, message, line) => {
    const { diagnostics } = loadManifests([fixture(`k8s/invalid/${file}`)]);
    const d = diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect(d?.severity).toBe("error");
    expect(d?.message).toContain(message);
    expect(d?.location?.line).toBe(line);
  });
});

describe("placePods", () => {
  const cluster = loadKindCluster(fixture("kind/valid/seed-cluster.yaml")).cluster;
  if (!cluster) throw new Error("seed cluster must load");
  const { workloads } = loadManifests([fixture("k8s/valid/netshoot-ds.yaml")]);
  const ds = workloads[0];
  if (!ds) throw new Error("seed DaemonSet must load");

  it("puts the seed DaemonSet on the three workers, not the tainted control plane", () => {
    expect(placePods(workloads, cluster.nodes).map((p) => p.node)).toEqual([
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
  });

  it("spreads a Deployment's replicas over the schedulable nodes, one per node first", () => {
    const deployment = { ...ds, kind: "Deployment" as const, name: "web", replicas: 4 };
    expect(placePods([deployment], cluster.nodes).map((p) => p.node)).toEqual([
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
      "kind-worker",
    ]);
    expect(placePods([{ ...deployment, replicas: 0 }], cluster.nodes)).toEqual([]);
  });

  it("lands on the control plane too once the control-plane taint is tolerated", () => {
    const tolerant = {
      ...ds,
      tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" as const }],
    };
    expect(placePods([tolerant], cluster.nodes)).toHaveLength(4);
    const everything = { ...ds, tolerations: [{ operator: "Exists" as const }] };
    expect(placePods([everything], cluster.nodes)).toHaveLength(4);
    const wrongEffect = {
      ...ds,
      tolerations: [
        {
          key: "node-role.kubernetes.io/control-plane",
          operator: "Exists" as const,
          effect: "NoExecute" as const,
        },
      ],
    };
    expect(placePods([wrongEffect], cluster.nodes)).toHaveLength(3);
  });

  it("matches Equal tolerations on value, and ignores PreferNoSchedule", () => {
    const nodes = cluster.nodes.map((n) => ({
      ...n,
      taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" as const }],
    }));
    const equal = (value: string) => ({
      ...ds,
      tolerations: [{ key: "dedicated", operator: "Equal" as const, value }],
    });
    expect(placePods([equal("db")], nodes)).toHaveLength(4);
    expect(placePods([equal("web")], nodes)).toHaveLength(0);
    const soft = cluster.nodes.map((n) => ({
      ...n,
      taints: [{ key: "x", effect: "PreferNoSchedule" as const }],
    }));
    expect(placePods([ds], soft)).toHaveLength(4);
  });

  it("honours nodeSelector", () => {
    const rack1 = { ...ds, nodeSelector: { rack: "rack1" } };
    expect(placePods([rack1], cluster.nodes).map((p) => p.node)).toEqual(["kind-worker2", "kind-worker3"]);
  });

  it("places a Pod by nodeName (the scheduler's taint filter does not apply) or spreads unnamed Pods", () => {
    const pod = { ...ds, kind: "Pod" as const, tolerations: [] };
    expect(placePods([{ ...pod, nodeName: "kind-control-plane" }], cluster.nodes).map((p) => p.node)).toEqual(
      ["kind-control-plane"],
    );
    expect(placePods([{ ...pod, nodeName: "missing" }], cluster.nodes)).toEqual([]);
    expect(
      placePods([pod, { ...pod, name: "b" }, { ...pod, name: "c" }], cluster.nodes).map((p) => p.node),
    ).toEqual(["kind-worker", "kind-worker2", "kind-worker3"]);
  });
});
