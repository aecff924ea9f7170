// DeployedLab: one typed index over a lab record's resources, for the commands that look inside a
// running lab.
import { describe, expect, it } from "vitest";
import { DeployedLab } from "../../../src/state/deployed-lab.js";
import type { LabInfo } from "../../../src/state/lab-info.js";
import type { NodeRecord } from "../../../src/runtime/types.js";
import type { LabState } from "../../../src/state/state-store.js";

function node(name: string, sharesWith?: string): NodeRecord {
  return {
    runtime: "fake",
    lab: "q",
    name,
    hostname: name,
    netnsName: `q-${sharesWith ?? name}`,
    stateDir: `/fake/q/${name}`,
    env: {},
    mounts: [],
    ...(sharesWith && { sharesNetworkWith: { name: sharesWith, netnsName: `q-${sharesWith}` } }),
  };
}

const info: LabInfo = {
  topologyFile: "/labs/q/topo.yaml",
  mgmtSubnet: "172.20.20.0/24",
  nodes: [
    { name: "tor0", kind: "frr", role: "router", labels: {}, mgmtAddress: "172.20.20.2/24" },
    { name: "ghost", kind: "linux", role: "host", labels: {} },
    { name: "kind-worker", kind: "k8s-node", role: "cluster", labels: {} },
  ],
  cluster: {
    name: "kind",
    provider: "emulated",
    podSubnet: "10.1.0.0/16",
    nodes: [
      {
        name: "kind-worker",
        role: "worker",
        labels: {},
        taints: [],
        podCIDR: "10.1.1.0/24",
        gateway: "10.1.1.1",
        speaker: true,
      },
    ],
    pods: [
      {
        name: "web-abcde",
        namespace: "default",
        owner: "DaemonSet/web",
        node: "kind-worker",
        ip: "10.1.1.2",
        command: [],
      },
    ],
  },
};

const veth = {
  kind: "veth",
  a: { node: "tor0", netns: "/run/netns/q-tor0", ifname: "net2" },
  b: { node: "srv", netns: "/run/netns/q-kind-worker", ifname: "net0" },
  mtu: 9500,
} as const;

const state: LabState = {
  version: 1,
  lab: "q",
  source: "/labs/q",
  runtime: "fake",
  phase: "running",
  createdAt: "2026-11-30T00:00:00.000Z",
  deployPid: 1,
  resources: [
    {
      type: "wiring",
      id: "mgmt-network",
      record: { kind: "mgmt-network", lab: "q", bridge: "b", subnet: "s", gateway: "g" },
    },
    { type: "node", id: "node:tor0", record: node("tor0") },
    { type: "node", id: "node:kind-worker", record: node("kind-worker") },
    { type: "wiring", id: "link:tor0:net2", record: veth },
    { type: "node", id: "pod:web-abcde", record: node("web-abcde") },
    {
      type: "process",
      id: "speaker:kind-worker",
      record: { purpose: "speaker", node: node("kind-worker"), argv: ["x"] },
    },
    { type: "hologram", id: "future:1", record: {} },
  ],
  meta: { ...info },
};

describe("DeployedLab", () => {
  const lab = new DeployedLab(state);

  it("finds nodes by name, with the record they run in", () => {
    expect(lab.node("tor0").record.name).toBe("tor0");
    expect(lab.nodeRecord("kind-worker")?.netnsName).toBe("q-kind-worker");
    expect(() => lab.node("nope")).toThrow(/lab q has no node nope/);
    // In the lab's facts but never created (a deploy that failed early).
    expect(() => lab.node("ghost")).toThrow(/node ghost of lab q was never created/);
  });

  it("finds pods by pod/NAME or NODE/NAME, and says which pods there are when one is missing", () => {
    expect(lab.pod("pod/web-abcde")?.record?.name).toBe("web-abcde");
    expect(lab.pod("kind-worker/web-abcde")?.pod.ip).toBe("10.1.1.2");
    expect(lab.pod("tor0")).toBeUndefined();
    expect(() => lab.pod("tor0/web-abcde")).toThrow(/no pod web-abcde on node tor0/);
  });

  it("types resources by kind: veths, processes, speakers; unknown kinds are kept apart", () => {
    expect(lab.vethLinks()).toEqual([veth]);
    expect(lab.speaker("kind-worker")?.purpose).toBe("speaker");
    expect(lab.speaker("tor0")).toBeUndefined();
    expect(lab.process("node:tor0")).toBeUndefined();
    expect(lab.nodeRecord("link:tor0:net2")).toBeUndefined();
    expect(lab.unknown.map((e) => e.id)).toEqual(["future:1"]);
  });

  it("gives the cluster as deploy kept it", () => {
    expect(lab.cluster().nodes.map((n) => n.podCIDR)).toEqual(["10.1.1.0/24"]);
    expect(lab.clusterNode("kind-worker")?.speaker).toBe(true);
    expect(() => new DeployedLab({ ...state, meta: { ...info, cluster: undefined } }).cluster()).toThrow(
      /has no Kubernetes cluster/,
    );
  });
});
