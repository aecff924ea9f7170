// A lab's speakers' peers, as deploy's wait and `fabric test` read them: one `peers` question per
// speaker host, however many nodes it runs, not one control-socket round trip per node; a stopped
// or missing instance is still reported for its node.
import { describe, expect, it } from "vitest";
import type { HostRequest, HostResponse } from "../../../../src/bgp/speaker/host/protocol.js";
import type { PeerRow } from "../../../../src/bgp/status/index.js";
import { collectPeers, type StatusTransport } from "../../../../src/k8s/speaker/bgp-status.js";
import type { NodeRecord } from "../../../../src/runtime/types.js";
import type { LabInfo } from "../../../../src/state/lab-info.js";
import type { LabState } from "../../../../src/state/state-store.js";

function node(name: string): NodeRecord {
  return {
    runtime: "fake",
    lab: "q",
    name,
    hostname: name,
    netnsName: `q-${name}`,
    stateDir: `/fake/q/${name}`,
    env: {},
    mounts: [],
  };
}

const row = (n: string): PeerRow => ({
  node: n,
  localAsn: 65010,
  peerAsn: 65010,
  peerAddress: "10.0.1.1",
  peerName: "tor",
  state: "established",
  family: "ipv4/unicast",
  received: 0,
  advertised: 1,
});

/** `count` hosted nodes, split over two speaker hosts; `stopped` ones stopped on purpose. */
function lab(count: number, stopped: readonly string[] = []): LabState {
  const names = Array.from({ length: count }, (_, i) => `kind-worker${i}`);
  const info: LabInfo = {
    topologyFile: "/labs/q/topo.yaml",
    nodes: [],
    cluster: {
      name: "kind",
      provider: "emulated",
      podSubnet: "10.1.0.0/16",
      nodes: names.map((name, i) => ({
        name,
        role: "worker",
        labels: {},
        taints: [],
        podCIDR: `10.1.${i}.0/24`,
        gateway: `10.1.${i}.1`,
        speaker: true,
      })),
      pods: [],
    },
  };
  return {
    version: 1,
    lab: "q",
    source: "/labs/q",
    runtime: "fake",
    phase: "running",
    createdAt: "2026-11-30T00:00:00.000Z",
    deployPid: 1,
    resources: names.map((name, i) => ({
      type: "speaker-instance",
      id: `speaker:${name}`,
      record: {
        node: node(name),
        spec: { name, config: "/c", netns: `/run/netns/q-${name}`, control: `/s/${name}.sock`, log: "/l" },
        hostSocket: i % 2 === 0 ? "/host-a.sock" : "/host-b.sock",
        running: !stopped.includes(name),
      },
    })),
    meta: { ...info },
  };
}

class CountingTransport implements StatusTransport {
  readonly asked: string[] = [];
  constructor(private readonly missing: readonly string[] = []) {}
  async askSpeaker(control: string) {
    this.asked.push(control);
    return { ok: true as const, peers: [row(control)] };
  }
  async askHost(socket: string, request: HostRequest): Promise<HostResponse> {
    this.asked.push(`${socket} ${request.op}`);
    const instances = lab(256)
      .resources.map((r) => r.record as { spec: { name: string }; hostSocket: string })
      .filter((r) => r.hostSocket === socket && !this.missing.includes(r.spec.name))
      .map((r) => ({ name: r.spec.name, state: "running" as const, peers: [row(r.spec.name)] }));
    return { ok: true, instances };
  }
}

describe("collectPeers", () => {
  it("asks each speaker host once for all its instances", async () => {
    const transport = new CountingTransport();
    const { rows, problems } = await collectPeers(lab(256), undefined, transport);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(256);
    expect(rows.map((r) => r.node)).toEqual(Array.from({ length: 256 }, (_, i) => `kind-worker${i}`));
    expect(transport.asked.sort()).toEqual(["/host-a.sock peers", "/host-b.sock peers"]);
  });

  it("still names a node stopped on purpose, or one its host does not run", async () => {
    const transport = new CountingTransport(["kind-worker3"]);
    const { rows, problems } = await collectPeers(lab(8, ["kind-worker5"]), undefined, transport);
    expect(rows).toHaveLength(6);
    expect(problems).toEqual([
      { node: "kind-worker3", message: "the speaker host has no instance kind-worker3" },
      { node: "kind-worker5", message: "its speaker is stopped (`fabric bgp start kind-worker5`)" },
    ]);
    expect(transport.asked).toHaveLength(2);
  });

  it("asks one node's own socket when only that node is wanted", async () => {
    const transport = new CountingTransport();
    const { rows } = await collectPeers(lab(8), "kind-worker2", transport);
    expect(rows.map((r) => r.node)).toEqual(["/s/kind-worker2.sock"]);
    expect(transport.asked).toEqual(["/s/kind-worker2.sock"]);
  });
});
