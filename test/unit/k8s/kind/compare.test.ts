import { describe, expect, it } from "vitest";
import {
  compareWithModel,
  describeDifference,
  isBlocking,
  withObservedPodCidrs,
} from "../../../../src/k8s/kind/compare.js";
import { manifestFiles } from "../../../../src/k8s/kind/manifests.js";
import { parseNodes } from "../../../../src/k8s/kind/parse-nodes.js";
import { fixture, seedLab } from "./support.js";

describe("the cluster kind made against the kind config", () => {
  const cluster = seedLab().cluster!;

  it("accepts the seed cluster, noting PodCIDRs allocated in registration order", () => {
    const differences = compareWithModel(cluster, parseNodes(fixture("nodes-ready.json")));
    expect(differences.filter(isBlocking)).toEqual([]);
    expect(differences.map(describeDifference)).toEqual([
      "node kind-worker: PodCIDR is 10.1.2.0/24, fabric planned 10.1.1.0/24",
      "node kind-worker2: PodCIDR is 10.1.1.0/24, fabric planned 10.1.2.0/24",
    ]);
  });

  it("reports a wrong node IP, a missing and an extra node", () => {
    const text = fixture("nodes-ready.json")
      .replace('"10.0.4.2"', '"172.18.0.2"')
      .replaceAll('"kind-worker2"', '"other-worker"');
    const blocking = compareWithModel(cluster, parseNodes(text)).filter(isBlocking).map(describeDifference);
    expect(blocking).toEqual([
      "node kind-worker2 is in the kind config but not in the cluster",
      "node other-worker is in the cluster but not in the kind config",
      "node kind-worker3: InternalIP is 172.18.0.2, the config says 10.0.4.2",
    ]);
  });

  it("reports a node label the config sets and the node lacks (Cilium selects nodes by it)", () => {
    // The first rack1 in the file is kind-worker2's.
    const text = fixture("nodes-ready.json").replace('"rack": "rack1"', '"zone": "rack1"');
    const blocking = compareWithModel(cluster, parseNodes(text)).filter(isBlocking).map(describeDifference);
    expect(blocking).toEqual(['node kind-worker2: label rack is missing, the config says "rack1"']);
  });

  it("gives the model the PodCIDRs the cluster allocated, a node without one keeping the plan", () => {
    const observed = parseNodes(fixture("nodes-created.json"));
    const real = withObservedPodCidrs(cluster, observed);
    expect(real.nodes.map((n) => n.podCIDR)).toEqual([
      "10.1.0.0/24",
      "10.1.2.0/24",
      "10.1.1.0/24",
      "10.1.3.0/24",
    ]);
    expect(cluster.nodes.map((n) => n.podCIDR)).toEqual([
      "10.1.0.0/24",
      "10.1.1.0/24",
      "10.1.2.0/24",
      "10.1.3.0/24",
    ]);
  });

  it("applies the manifest files the workloads came from, each once", () => {
    const lab = seedLab();
    expect(manifestFiles([...lab.workloads, ...lab.workloads], lab.services)).toEqual([
      `${process.cwd()}/labs/cilium-bgp/netshoot-ds.yaml`,
    ]);
  });
});
