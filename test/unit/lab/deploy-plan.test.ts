// Deploy against a fake runtime and fake wiring: what gets recorded, created and run, in which
// order, and what a failure undoes. No root, no host changes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deployLab } from "../../../src/lab/deploy.js";
import { destroyLab } from "../../../src/lab/destroy.js";
import { silentProgress } from "../../../src/state/progress.js";
import { StateStore } from "../../../src/state/state-store.js";
import type { Wiring } from "../../../src/state/wiring.js";
import type { WiringRecord } from "../../../src/links/types.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import type { ExecResult } from "../../../src/runtime/types.js";
import { resolveTopologyText } from "../../../src/model/containerlab/index.js";
import type { Lab } from "../../../src/model/model.js";

const TOPOLOGY = `
name: plan
topology:
  nodes:
    r1:
      kind: frr
      exec:
        - vtysh -c 'show version'
    h1:
      kind: linux
      exec:
        - ip addr add 192.0.2.2/24 dev eth1
        - ip route add default via 192.0.2.1
    h1-side:
      kind: linux
      network-mode: container:h1
  links:
    - endpoints: ["r1:eth1", "h1:eth1"]
    - endpoints: ["r1:eth2", "h1-side:eth2"]
      mtu: 1500
`;

function labOf(text: string): Lab {
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

class RecordingWiring implements Wiring {
  readonly log: string[] = [];
  constructor(private readonly onCreate: (r: WiringRecord) => void = () => undefined) {}
  async create(r: WiringRecord): Promise<void> {
    this.onCreate(r);
    this.log.push(`create ${describeWiring(r)}`);
  }
  async remove(r: WiringRecord): Promise<void> {
    this.log.push(`remove ${describeWiring(r)}`);
  }
}

function describeWiring(r: WiringRecord): string {
  switch (r.kind) {
    case "veth":
      return `veth ${r.a.netns}:${r.a.ifname} ${r.b.netns}:${r.b.ifname} mtu ${r.mtu}`;
    case "mgmt-attachment":
      return `mgmt ${r.node.node} ${r.address}`;
    case "mgmt-network":
      return `mgmt-network ${r.subnet}`;
  }
}
const ok: ExecResult = { exitCode: 0, stdout: "", stderr: "" };

describe("deploy against a fake runtime", () => {
  let root: string;
  let store: StateStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-plan-"));
    store = new StateStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("records each resource before creating it, then wires, then runs exec lines in order", async () => {
    const runtime = new FakeRuntime();
    const seenBeforeCreate: string[] = [];
    const wiring = new RecordingWiring((r) => {
      // At the moment a piece of wiring is created, the record already lists it.
      const ids = store.read("plan")?.resources.map((x) => x.id) ?? [];
      seenBeforeCreate.push(`${r.kind}:${ids.length}`);
    });
    const lab = labOf(TOPOLOGY);
    const result = await deployLab(lab, { runtime, store, progress: silentProgress, wiring });

    expect(result.nodes.map((n) => [n.name, n.role, n.mgmtAddress ?? null])).toEqual([
      ["r1", "router", "172.20.20.2/24"],
      ["h1", "host", "172.20.20.3/24"],
      ["h1-side", "host", null],
    ]);
    expect(wiring.log).toEqual([
      "create mgmt-network 172.20.20.0/24",
      "create mgmt r1 172.20.20.2/24",
      "create mgmt h1 172.20.20.3/24",
      "create veth /run/netns/plan-r1:eth1 /run/netns/plan-h1:eth1 mtu 9500",
      // h1-side shares h1's network namespace: its interface is born there.
      "create veth /run/netns/plan-r1:eth2 /run/netns/plan-h1:eth2 mtu 1500",
    ]);
    expect(seenBeforeCreate).toEqual([
      "mgmt-network:1",
      "mgmt-attachment:5",
      "mgmt-attachment:6",
      "veth:7",
      "veth:8",
    ]);

    // h1-side was created after h1, inside its network namespace.
    const creates = runtime.calls.filter((c) => c.op === "create").map((c) => c.node);
    expect(creates.indexOf("h1-side")).toBeGreaterThan(creates.indexOf("h1"));
    expect(runtime.running.get("plan/h1-side")?.sharesNetworkWith?.netnsName).toBe("plan-h1");

    const execs = (node: string) =>
      runtime.calls.flatMap((c) => (c.op === "exec" && c.node === node ? [c.argv.join(" ")] : []));
    expect(execs("h1")).toEqual([
      "sh -c sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
      "sh -c ip addr add 192.0.2.2/24 dev eth1",
      "sh -c ip route add default via 192.0.2.1",
    ]);
    // The native frr kind: config in, daemons on, FRR started, vtysh answering, then exec lines,
    // then the running config saved so a bgpd restarted by watchfrr reloads it.
    expect(execs("r1")).toEqual([
      "sh -c sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
      "tee /etc/frr/frr.conf",
      "touch /etc/frr/vtysh.conf",
      "sed -i -e s/^bgpd=no/bgpd=yes/ /etc/frr/daemons",
      "/usr/lib/frr/frrinit.sh start",
      "vtysh -c show version",
      "sh -c vtysh -c 'show version'",
      "vtysh -c show version",
      "vtysh -c write memory",
    ]);
    const state = store.read("plan");
    expect(state?.phase).toBe("running");
    expect(state?.resources.map((r) => r.id)).toEqual([
      "mgmt-network",
      "node:r1",
      "node:h1",
      "node:h1-side",
      "mgmt:r1",
      "mgmt:h1",
      "link:r1:eth1",
      "link:r1:eth2",
    ]);
  });

  it("refuses to deploy over a running lab unless asked to reconfigure", async () => {
    const runtime = new FakeRuntime();
    const wiring = new RecordingWiring();
    const lab = labOf(TOPOLOGY);
    await deployLab(lab, { runtime, store, progress: silentProgress, wiring });
    await expect(deployLab(lab, { runtime, store, progress: silentProgress, wiring })).rejects.toThrow(
      /already deployed/,
    );
    await deployLab(lab, { runtime, store, progress: silentProgress, wiring, reconfigure: true });
    expect(runtime.calls.filter((c) => c.op === "remove")).toHaveLength(3);
    expect(runtime.running.size).toBe(3);
  });

  it("rolls everything back when an exec line fails, and names the node and the line", async () => {
    const runtime = new FakeRuntime((_node, argv) =>
      argv.join(" ").includes("default via")
        ? { exitCode: 2, stdout: "", stderr: "Error: Nexthop has invalid gateway." }
        : ok,
    );
    const wiring = new RecordingWiring();
    const error = await deployLab(labOf(TOPOLOGY), {
      runtime,
      store,
      progress: silentProgress,
      wiring,
    }).catch((e: Error) => e);
    expect(String(error)).toContain("node h1: exec line 2 exited with 2: ip route add default via 192.0.2.1");
    expect(String(error)).toContain("Nexthop has invalid gateway");
    expect(runtime.running.size).toBe(0);
    expect(wiring.log.filter((l) => l.startsWith("remove"))).toEqual([
      "remove veth /run/netns/plan-r1:eth2 /run/netns/plan-h1:eth2 mtu 1500",
      "remove veth /run/netns/plan-r1:eth1 /run/netns/plan-h1:eth1 mtu 9500",
      "remove mgmt h1 172.20.20.3/24",
      "remove mgmt r1 172.20.20.2/24",
      "remove mgmt-network 172.20.20.0/24",
    ]);
    expect(store.read("plan")).toBeUndefined();
  });

  it("moves a second lab with the default management subnet to the next free /24", async () => {
    const runtime = new FakeRuntime();
    const wiring = new RecordingWiring();
    await deployLab(labOf(TOPOLOGY), { runtime, store, progress: silentProgress, wiring });
    const other = await deployLab(labOf(TOPOLOGY.replace("name: plan", "name: plan2")), {
      runtime,
      store,
      progress: silentProgress,
      wiring,
    });
    expect(other.nodes[0]?.mgmtAddress).toBe("172.20.21.2/24");
    expect(await destroyLab("plan", { runtime, store, progress: silentProgress, wiring })).toBe(true);
    expect(await destroyLab("plan", { runtime, store, progress: silentProgress, wiring })).toBe(false);
  });

  it("refuses what it cannot deploy yet before creating anything", async () => {
    const runtime = new FakeRuntime();
    const lab = labOf(
      TOPOLOGY.replace("kind: frr", "kind: bridge").replace(/ {6}exec:\n {8}- vtysh .*\n/, ""),
    );
    await expect(
      deployLab(lab, { runtime, store, progress: silentProgress, wiring: new RecordingWiring() }),
    ).rejects.toThrow(/kind bridge cannot be deployed yet/);
    expect(runtime.calls).toEqual([]);
    expect(store.list()).toEqual([]);
  });

  it("refuses a lab the host's process limits cannot hold, before creating or recording anything", async () => {
    const runtime = new FakeRuntime();
    const wiring = new RecordingWiring();
    const taskLimits = () => Promise.resolve([{ name: "kernel.pid_max", limit: 150, inUse: 100 }]);
    await expect(
      deployLab(labOf(TOPOLOGY), { runtime, store, progress: silentProgress, wiring, taskLimits }),
    ).rejects.toMatchObject({
      code: "host-task-limit",
      message: expect.stringMatching(/kernel\.pid_max allows 150 and 100 are in use, so 50 more can exist/),
    });
    expect(runtime.calls).toEqual([]);
    expect(store.list()).toEqual([]);
  });
});
