// The reference lab deployed against a fake runtime: Kubernetes nodes before the topology's nodes,
// pods behind veths, speakers after every exec line, everything recorded before it is made, and a
// failure undone completely (speakers stopped first).
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
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import type { Lab } from "../../../src/model/model.js";
import { FakeProcesses } from "../../support/fake-processes.js";

const ok: ExecResult = { exitCode: 0, stdout: "", stderr: "" };

function seedLab(): Lab {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}

class LogWiring implements Wiring {
  readonly log: string[] = [];
  async create(r: WiringRecord) {
    this.log.push(`create ${wiringLine(r)}`);
  }
  async remove(r: WiringRecord) {
    this.log.push(`remove ${wiringLine(r)}`);
  }
}

function wiringLine(r: WiringRecord): string {
  switch (r.kind) {
    case "veth":
      return `veth ${r.a.node}:${r.a.ifname} ${r.b.node}:${r.b.ifname}`;
    case "mgmt-attachment":
      return `mgmt ${r.node.node} ${r.address}`;
    case "mgmt-network":
      return `mgmt-network ${r.subnet}`;
  }
}

describe("deploying a lab with a Kubernetes cluster (fake runtime)", () => {
  let root: string;
  let store: StateStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-k8s-plan-"));
    store = new StateStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("creates Kubernetes nodes first, pods behind lxc veths, and speakers after every exec line", async () => {
    const runtime = new FakeRuntime();
    const wiring = new LogWiring();
    const processes = new FakeProcesses();
    const lab = seedLab();
    await deployLab(lab, {
      runtime,
      store,
      progress: silentProgress,
      wiring,
      processes,
      speakerMode: "process",
    });

    const creates = runtime.calls.flatMap((c) => (c.op === "create" ? [c.node] : []));
    expect(creates.slice(0, 4).sort()).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
    expect(creates.indexOf("srv-worker")).toBeGreaterThan(creates.indexOf("kind-worker"));
    // srv-worker lives in kind-worker's network namespace, as network-mode container:kind-worker says.
    expect(runtime.running.get("cilium-bgp/srv-worker")?.sharesNetworkWith?.name).toBe("kind-worker");
    expect(wiring.log).toContain("create veth tor0:net2 srv-worker:net0");
    // Node IPs belong to the topology's exec lines, not to fabric.
    const execs = (node: string) =>
      runtime.calls.flatMap((c) => (c.op === "exec" && c.node === node ? [c.argv.join(" ")] : []));
    expect(execs("srv-worker")).toContain("sh -c ip addr add 10.0.2.2/24 dev net0");
    expect(execs("kind-worker").some((l) => l.includes("10.0.2.2"))).toBe(false);

    // kind nodes get a management address like kind's docker network gives them.
    expect(wiring.log).toContain("create mgmt kind-worker 172.20.20.6/24");
    expect(wiring.log).toContain("create veth kind-worker:cilium_host kind-worker:cilium_net");

    const state = store.read("cilium-bgp");
    const pods = (state?.meta as { cluster: { pods: { name: string; node: string; ip: string }[] } }).cluster
      .pods;
    expect(pods.map((p) => [p.node, p.ip])).toEqual([
      ["kind-worker", "10.1.1.2"],
      ["kind-worker2", "10.1.2.2"],
      ["kind-worker3", "10.1.3.2"],
    ]);
    const pod = pods[0];
    if (!pod) throw new Error("no pod");
    expect(
      wiring.log.some((l) =>
        new RegExp(`^create veth ${pod.name}:eth0 kind-worker:lxc[0-9a-f]{12}$`).test(l),
      ),
    ).toBe(true);
    expect(execs("kind-worker")).toEqual(
      expect.arrayContaining([
        "ip addr add 10.1.1.1/32 dev cilium_host",
        expect.stringMatching(/^ip route replace 10\.1\.1\.2\/32 dev lxc[0-9a-f]{12} src 10\.1\.1\.1$/),
      ]),
    );
    expect(execs(pod.name)).toEqual([
      "ip addr add 10.1.1.2/32 dev eth0",
      "ip route add default via 10.1.1.1 dev eth0 onlink",
    ]);

    // The pod command runs (translated for GNU sleep) and every speaker starts after all exec lines.
    const spawns = runtime.calls.flatMap((c, i) =>
      c.op === "spawn" ? [{ i, node: c.node, argv: c.argv }] : [],
    );
    expect(spawns.filter((s) => s.node === pod.name).map((s) => s.argv)).toEqual([["sleep", "infinity"]]);
    const speakers = spawns.filter((s) => s.argv.includes("speaker"));
    expect(speakers.map((s) => s.node).sort()).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
    const lastExecLine = Math.max(
      ...runtime.calls.flatMap((c, i) => (c.op === "exec" && c.argv[0] === "sh" ? [i] : [])),
    );
    for (const s of speakers) {
      expect(s.i).toBeGreaterThan(lastExecLine);
      // Under its restart loop: sh -c LOOP fabric-speaker-loop STATUS … node fabric.js speaker run …
      expect(s.argv.slice(3, 5)).toEqual([
        "fabric-speaker-loop",
        `/fake/cilium-bgp/${s.node}/speaker-supervisor.json`,
      ]);
      expect(s.argv.slice(-6)).toEqual([
        "speaker",
        "run",
        "--config",
        `/fake/cilium-bgp/${s.node}/speaker.json`,
        "--control",
        `/fake/cilium-bgp/${s.node}/bgp.sock`,
      ]);
    }
    // Its config is the resolved SpeakerConfig of that node, in the speaker's file format.
    const tee = runtime.calls.find(
      (c) => c.op === "exec" && c.node === "kind-worker3" && c.argv[0] === "tee",
    );
    const file = JSON.parse(tee?.op === "exec" ? (tee.opts.input ?? "") : "") as {
      version: number;
      speaker: { node: string };
    };
    expect(file.version).toBe(1);
    expect(file.speaker.node).toBe("kind-worker3");

    const ids = state?.resources.map((r) => r.id) ?? [];
    expect(ids.filter((id) => id.startsWith("pod:"))).toHaveLength(3);
    expect(ids.filter((id) => id.startsWith("pod-link:"))).toHaveLength(3);
    expect(ids.filter((id) => id.startsWith("pod-command:"))).toHaveLength(3);
    expect(ids.filter((id) => id.startsWith("cilium-host:"))).toHaveLength(4);
    expect(ids.slice(-4).every((id) => id.startsWith("speaker:"))).toBe(true);

    // Destroy stops the speakers first, then takes everything else away.
    await destroyLab("cilium-bgp", { runtime, store, progress: silentProgress, wiring, processes });
    expect(processes.stopped).toHaveLength(4 + 3);
    expect(runtime.running.size).toBe(0);
    expect(store.read("cilium-bgp")).toBeUndefined();
  });

  it("rolls back the whole cluster when a speaker cannot start", async () => {
    const runtime = new FakeRuntime((node, argv) =>
      node.name === "kind-worker3" && argv[0] === "test" ? { exitCode: 1, stdout: "", stderr: "" } : ok,
    );
    // A speaker that exits at once: its `exited` resolves before the control socket appears.
    const spawn = runtime.spawn.bind(runtime);
    runtime.spawn = async (node, argv, opts) => {
      const p = await spawn(node, argv, opts);
      if (node.name === "kind-worker3" && argv.includes("speaker")) await p.stop();
      return p;
    };
    const wiring = new LogWiring();
    const processes = new FakeProcesses();
    const error = await deployLab(seedLab(), {
      runtime,
      store,
      progress: silentProgress,
      wiring,
      processes,
      speakerMode: "process",
    }).catch((e: Error) => e);
    expect(String(error)).toContain("node kind-worker3: the BGP speaker exited");
    expect(runtime.running.size).toBe(0);
    expect(wiring.log.filter((l) => l.startsWith("create")).length).toBe(
      wiring.log.filter((l) => l.startsWith("remove")).length,
    );
    expect(store.read("cilium-bgp")).toBeUndefined();
  });

  it("can bring the cluster up without speakers", async () => {
    const runtime = new FakeRuntime();
    await deployLab(seedLab(), {
      runtime,
      store,
      progress: silentProgress,
      wiring: new LogWiring(),
      processes: new FakeProcesses(),
      speakers: false,
    });
    expect(runtime.calls.some((c) => c.op === "spawn" && c.argv.includes("speaker"))).toBe(false);
    expect(store.read("cilium-bgp")?.resources.some((r) => r.id.startsWith("speaker:"))).toBe(false);
  });
});
