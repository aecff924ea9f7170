// The deploy plan as data: planDeploy is pure, so these tests compare plans (stages, their order,
// what each waits for and the resources it creates) without running anything.
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import { resolveTopologyText } from "../../../src/model/containerlab/index.js";
import type { Lab } from "../../../src/model/model.js";
import { planDeploy, type PlanOptions } from "../../../src/lab/plan/plan-deploy.js";
import { stageOf, type DeployPlan, type RuntimeCapabilities } from "../../../src/lab/plan/types.js";

const NETNS: RuntimeCapabilities = { ownManagementNetwork: false };
const EMULATED: PlanOptions = { provider: "emulated", speakers: true, mgmtSubnetsInUse: new Set() };

function referenceLab(): Lab {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}

function topologyLab(text: string): Lab {
  const { topology, diagnostics } = resolveTopologyText("/labs/plan/topo.yaml", text);
  if (!topology) throw new Error(JSON.stringify(diagnostics));
  return {
    source: "/labs/plan",
    name: topology.name,
    topology,
    workloads: [],
    services: [],
    speakers: new Map(),
    bgpResources: { clusterConfigs: [], peerConfigs: [], advertisements: [], nodeOverrides: [] },
    bgpConditions: [],
  };
}

const stagesOf = (plan: DeployPlan) => plan.stages.map((s) => [s.id, s.after.join(",")]);
const idsOf = (plan: DeployPlan, id: DeployPlan["stages"][number]["id"]) =>
  plan.stages.find((s) => s.id === id)?.resources.map((r) => r.id);

describe("planDeploy: the reference lab, emulated cluster on the netns runtime", () => {
  const plan = planDeploy(referenceLab(), EMULATED, NETNS);

  it("orders the stages and says what each waits for", () => {
    expect(stagesOf(plan)).toEqual([
      // The host's bridge is made while the nodes are: only their eth0s need it.
      ["management", ""],
      ["cluster-nodes", ""],
      ["nodes", "cluster-nodes"],
      ["mgmt-attachments", "management,nodes"],
      ["links", "mgmt-attachments"],
      // Pods need only their node: they come up while the topology's exec lines run.
      ["cluster-workloads", "links"],
      ["start-nodes", "links"],
      ["speakers", "start-nodes,cluster-workloads"],
    ]);
  });

  it("lists every resource each stage creates, under the id the lab record will use", () => {
    expect(stageOf(plan, "management")?.resources).toEqual([
      // Three routers and four Kubernetes nodes, each with an eth0 on the bridge.
      { kind: "mgmt-network", id: "mgmt-network", subnet: "172.20.20.0/24", owner: "host-bridge", ports: 7 },
    ]);
    expect(idsOf(plan, "cluster-nodes")).toEqual([
      "node:kind-control-plane",
      "node:kind-worker",
      "node:kind-worker2",
      "node:kind-worker3",
    ]);
    // The servers live in the Kubernetes nodes' namespaces, which exist before the first wave.
    expect(stageOf(plan, "nodes")?.resources.map((r) => [r.node, r.wave, r.joins ?? null])).toEqual([
      ["router0", 0, null],
      ["tor0", 0, null],
      ["tor1", 0, null],
      ["srv-control-plane", 0, "kind-control-plane"],
      ["srv-worker", 0, "kind-worker"],
      ["srv-worker2", 0, "kind-worker2"],
      ["srv-worker3", 0, "kind-worker3"],
    ]);
    expect(stageOf(plan, "mgmt-attachments")?.resources.map((r) => [r.node, r.address])).toEqual([
      ["router0", "172.20.20.2/24"],
      ["tor0", "172.20.20.3/24"],
      ["tor1", "172.20.20.4/24"],
      ["kind-control-plane", "172.20.20.5/24"],
      ["kind-worker", "172.20.20.6/24"],
      ["kind-worker2", "172.20.20.7/24"],
      ["kind-worker3", "172.20.20.8/24"],
    ]);
    expect(stageOf(plan, "links")?.resources.find((r) => r.id === "link:tor0:net2")).toEqual({
      kind: "link",
      id: "link:tor0:net2",
      a: { node: "tor0", ifname: "net2", namespaceOf: "tor0" },
      b: { node: "srv-worker", ifname: "net0", namespaceOf: "kind-worker" },
      mtu: 9500,
    });
    expect(idsOf(plan, "speakers")).toEqual([
      "speaker:kind-control-plane",
      "speaker:kind-worker",
      "speaker:kind-worker2",
      "speaker:kind-worker3",
    ]);
  });

  it("plans each node's cilium_host pair and each pod with its veth, address and command", () => {
    const workloads = stageOf(plan, "cluster-workloads")?.resources ?? [];
    expect(workloads.filter((r) => r.kind === "cilium-host")).toContainEqual({
      kind: "cilium-host",
      id: "cilium-host:kind-worker2",
      node: "kind-worker2",
      ifnames: ["cilium_host", "cilium_net"],
      gateway: "10.1.2.1",
      gateways: ["10.1.2.1"],
      mtu: 1500,
    });
    const pods = workloads.flatMap((r) => (r.kind === "pod" ? [r] : []));
    expect(pods.map((r) => [r.pod.node, r.pod.ip, r.pod.gateway, r.link.podIfname, r.command?.argv])).toEqual(
      [
        ["kind-worker", "10.1.1.2", "10.1.1.1", "eth0", ["sleep", "infinity"]],
        ["kind-worker2", "10.1.2.2", "10.1.2.1", "eth0", ["sleep", "infinity"]],
        ["kind-worker3", "10.1.3.2", "10.1.3.1", "eth0", ["sleep", "infinity"]],
      ],
    );
    for (const r of pods) {
      expect([r.id, r.link.id, r.command?.id]).toEqual([
        `pod:${r.pod.name}`,
        `pod-link:${r.pod.name}`,
        `pod-command:${r.pod.name}`,
      ]);
      expect(r.link.nodeIfname).toMatch(/^lxc[0-9a-f]{12}$/);
    }
    // What later commands read from the record is the same plan.
    expect(plan.info.cluster?.pods.map((p) => p.ip)).toEqual(pods.map((r) => r.pod.ip));
  });

  it("is plain data: the same after a JSON round trip, and the same when asked twice", () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(planDeploy(referenceLab(), EMULATED, NETNS)).toEqual(plan);
  });
});

describe("planDeploy: what changes the plan", () => {
  it("kind: one kind cluster, no planned pods, and workloads only once the exec lines have run", () => {
    const plan = planDeploy(referenceLab(), { ...EMULATED, provider: "kind" }, NETNS);
    expect(stagesOf(plan)).toEqual([
      ["management", ""],
      ["cluster-nodes", ""],
      ["nodes", "cluster-nodes"],
      ["mgmt-attachments", "management,nodes"],
      ["links", "mgmt-attachments"],
      ["start-nodes", "links"],
      ["cluster-workloads", "start-nodes"],
      ["speakers", "start-nodes,cluster-workloads"],
    ]);
    expect(stageOf(plan, "cluster-nodes")?.resources).toEqual([
      {
        kind: "kind-cluster",
        id: "kind-cluster",
        name: "kind",
        nodes: ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"],
      },
    ]);
    expect(stageOf(plan, "cluster-workloads")?.resources).toEqual([]);
    // kind's docker network addresses its own nodes.
    expect(idsOf(plan, "mgmt-attachments")).toEqual(["mgmt:router0", "mgmt:tor0", "mgmt:tor1"]);
    expect(plan.info.cluster?.provider).toBe("kind");
  });

  it("a runtime with its own management network: no eth0 attachments, nodes join it at their address", () => {
    const plan = planDeploy(referenceLab(), EMULATED, { ownManagementNetwork: true });
    expect(stageOf(plan, "management")?.resources[0]?.owner).toBe("runtime");
    // Nodes are created on it, so it comes first.
    expect(stagesOf(plan).slice(0, 3)).toEqual([
      ["management", ""],
      ["cluster-nodes", "management"],
      ["nodes", "management,cluster-nodes"],
    ]);
    expect(stageOf(plan, "mgmt-attachments")?.resources).toEqual([]);
    expect(stageOf(plan, "nodes")?.resources[0]).toMatchObject({
      node: "router0",
      mgmtAddress: "172.20.20.2/24",
    });
  });

  it("--no-speakers: the stage stays, creates nothing, and says why", () => {
    const plan = planDeploy(referenceLab(), { ...EMULATED, speakers: false }, NETNS);
    expect(stageOf(plan, "speakers")).toEqual({
      id: "speakers",
      after: ["start-nodes", "cluster-workloads"],
      resources: [],
      skipped: "4 BGP speakers not started (--no-speakers)",
    });
  });

  it("a topology without a cluster: nodes sharing a namespace wait a wave, links end in the owner's namespace", () => {
    const lab = topologyLab(`
name: plan
topology:
  nodes:
    r1: {kind: frr}
    h1: {kind: linux}
    h1-side: {kind: linux, network-mode: "container:h1"}
  links:
    - endpoints: ["r1:eth1", "h1:eth1"]
    - endpoints: ["r1:eth2", "h1-side:eth2"]
      mtu: 1500
`);
    const plan = planDeploy(lab, { ...EMULATED, mgmtSubnetsInUse: new Set(["172.20.20.0/24"]) }, NETNS);
    expect(stagesOf(plan).map(([id]) => id)).toEqual([
      "management",
      "nodes",
      "mgmt-attachments",
      "links",
      "start-nodes",
    ]);
    // Another lab holds the default subnet: this one moves to the next free /24.
    expect(plan.mgmtSubnet).toBe("172.20.21.0/24");
    expect(stageOf(plan, "nodes")?.resources.map((r) => [r.id, r.wave, r.mgmtAddress ?? null])).toEqual([
      ["node:r1", 0, "172.20.21.2/24"],
      ["node:h1", 0, "172.20.21.3/24"],
      ["node:h1-side", 1, null],
    ]);
    expect(stageOf(plan, "links")?.resources[1]).toMatchObject({
      id: "link:r1:eth2",
      b: { node: "h1-side", ifname: "eth2", namespaceOf: "h1" },
      mtu: 1500,
    });
  });

  it("refuses what deploy cannot create, before anything is planned", () => {
    const lab = topologyLab(`
name: plan
topology:
  nodes:
    b1: {kind: bridge}
`);
    expect(() => planDeploy(lab, EMULATED, NETNS)).toThrow(/kind bridge cannot be deployed yet/);
  });
});
