// Deploy with the real kind cluster provider, against fakes: KindProvider itself with a scripted
// CommandRunner (so the kind/kubectl/docker argv are the real ones), the fake runtime for the
// topology's nodes, fake wiring and a fake kind host. One event log interleaves them all, so the
// order is asserted across them: record → kind create → topology nodes, links and exec lines in
// the kind nodes' namespaces → Ready → manifests → speakers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatCommand } from "../../../src/host/command.js";
import type { ProcessRef } from "../../../src/host/proc.js";
import { KindProvider } from "../../../src/k8s/kind/provider.js";
import type { CommandRunner } from "../../../src/k8s/kind/runner.js";
import { deployLab, type DeployOptions } from "../../../src/lab/deploy.js";
import { destroyLab } from "../../../src/lab/destroy.js";
import type { KindHost } from "../../../src/k8s/kind/host.js";
import { KindClusterProvider } from "../../../src/k8s/kind/cluster.js";
import type { DeployedCluster } from "../../../src/state/lab-info.js";
import { DeployedLab } from "../../../src/state/deployed-lab.js";
import type { KindClusterRecord } from "../../../src/state/resources.js";
import type { ProcessRecord } from "../../../src/state/processes.js";
import { silentProgress } from "../../../src/state/progress.js";
import { StateStore } from "../../../src/state/state-store.js";
import type { Wiring } from "../../../src/state/wiring.js";
import type { WiringRecord } from "../../../src/links/types.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import type { NodeSpec, SpawnedProcess } from "../../../src/runtime/types.js";
import { fail, FakeClock, fixture, ok, probeWith, ScriptedRunner, seedLab } from "../k8s/kind/support.js";
import { FakeProcesses } from "../../support/fake-processes.js";

/** The seed as written: netshoot:latest with no pull policy, applied as a copy with IfNotPresent. */
const lab = seedLab();
const cluster = lab.cluster!;
const NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const PIDS = [4101, 4102, 4103, 4104];

const CREATE = `kind create cluster --name kind --config ${cluster.file}`;
const KUBECTL_NODES = "kubectl --context kind-kind get nodes -o json";
const WAIT = "kubectl --context kind-kind wait --for=condition=Ready nodes --all --timeout=180s";
const APPLY = `kubectl --context kind-kind apply -f ${tmpdir()}/fabric-kind-kind-apply/netshoot-ds.yaml`;
const PODS = "kubectl --context kind-kind get pods --namespace default -o json";
const DELETE = "kind delete cluster --name kind";
const IMAGE_INSPECT = 'docker image inspect --format "{{.Id}}" nicolaka/netshoot:latest';
const LOAD = "kind load docker-image --name kind nicolaka/netshoot:latest";
/** Each kind node's namespace, pinned per lab. */
const pinnedAs = (n: string) => `cilium-bgp-${n}`;

/** The whole successful `up` of the seed cluster, as test/unit/k8s/kind/provider.test.ts scripts it. */
function scripted(): ScriptedRunner {
  const runner = new ScriptedRunner()
    .on(CREATE, ok())
    .on("kind get nodes --name kind", ok(`${NODES.join("\n")}\n`))
    .on(KUBECTL_NODES, ok(fixture("nodes-created.json")), ok(fixture("nodes-ready.json")))
    .on(WAIT, ok())
    .on(APPLY, ok())
    .on(PODS, ok(fixture("pods-running.json")))
    .on(DELETE, ok())
    .on(IMAGE_INSPECT, ok("sha256:22bc2efeb412\n"))
    .on(LOAD, ok());
  NODES.forEach((n, i) => {
    runner.on(`docker inspect -f "{{.State.Pid}}" ${n}`, ok(`${PIDS[i]}\n`));
    runner.on(`docker exec ${n} mkdir -p /etc/cni/net.d`, ok());
    runner.on(`docker exec -i ${n} tee /etc/cni/net.d/10-fabric-ptp.conflist`, ok());
  });
  return runner;
}

class Events {
  readonly log: string[] = [];
  index(line: string): number {
    const i = this.log.indexOf(line);
    if (i < 0) throw new Error(`no event "${line}" in:\n${this.log.join("\n")}`);
    return i;
  }
}

function loggedRunner(runner: ScriptedRunner, events: Events, onLine: (line: string) => void): CommandRunner {
  return {
    run(command, opts) {
      const line = formatCommand(command.file, command.args);
      onLine(line);
      events.log.push(`run ${line}`);
      return runner.run(command, opts);
    },
  };
}

class LoggedRuntime extends FakeRuntime {
  constructor(private readonly events: Events) {
    super();
  }
  override async create(spec: NodeSpec, opts?: Parameters<FakeRuntime["create"]>[1]) {
    this.events.log.push(
      `create ${spec.name}${spec.sharesNetworkWith ? ` in ${spec.sharesNetworkWith.netnsName}` : ""}`,
    );
    return super.create(spec, opts);
  }
}

class LoggedWiring implements Wiring {
  constructor(private readonly events: Events) {}
  async create(r: WiringRecord) {
    this.events.log.push(`wire ${line(r)}`);
  }
  async remove(r: WiringRecord) {
    this.events.log.push(`unwire ${line(r)}`);
  }
}

function line(r: WiringRecord): string {
  switch (r.kind) {
    case "veth":
      return `veth ${r.a.netns}:${r.a.ifname} ${r.b.netns}:${r.b.ifname}`;
    case "mgmt-attachment":
      return `mgmt ${r.node.node}`;
    case "mgmt-network":
      return `mgmt-network ${r.subnet}`;
  }
}

/** The host side of kind nodes, in memory: pinned names, files written, speakers spawned. */
class FakeKindHost implements KindHost {
  readonly pinned = new Map<string, number>();
  readonly files = new Map<string, string>();
  private nextPid = 9000;
  constructor(
    private readonly events: Events,
    private readonly runner: CommandRunner,
  ) {}
  async holder(pid: number): Promise<ProcessRef> {
    return { pid, startTime: 7 };
  }
  async pinNetns(name: string, pid: number) {
    this.events.log.push(`pin ${name} ${pid}`);
    this.pinned.set(name, pid);
  }
  async unpinNetns(name: string) {
    this.events.log.push(`unpin ${name}`);
    this.pinned.delete(name);
  }
  async deleteCluster(name: string) {
    await this.runner.run({ file: "kind", args: ["delete", "cluster", "--name", name] });
  }
  readonly speakers: KindHost["speakers"] = {
    // As hostKind: the name pinned per lab.
    netnsPath: (node) => `/run/netns/${node.netnsName}`,
    exec: async (_node, argv, opts = {}) => {
      const [cmd] = argv;
      const path = argv.at(-1);
      if (cmd === "tee" && path !== undefined) this.files.set(path, opts.input ?? "");
      // The speaker's control socket "exists" once it has been spawned.
      const exists =
        cmd === "test" &&
        this.events.log.some((l) => l.startsWith("speaker ") && path?.includes(`/${l.split(" ")[1]}/`));
      return { exitCode: cmd === "test" && !exists ? 1 : 0, stdout: "", stderr: "" };
    },
    spawn: async (node, argv, opts = {}): Promise<SpawnedProcess> => {
      this.events.log.push(
        `speaker ${node.name} pid ${node.holder?.pid ?? "?"} ${argv.includes("speaker") ? "speaker" : argv[0]}`,
      );
      return {
        ref: { pid: this.nextPid++, startTime: 1 },
        logFile: opts.logFile ?? "",
        exited: new Promise(() => undefined),
        stop: async () => undefined,
      };
    },
  };
}

describe("deploying a lab on a real kind cluster (fakes for kind, the runtime and the host)", () => {
  let root: string;
  let store: StateStore;
  let events: Events;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-kind-deploy-"));
    store = new StateStore(root);
    events = new Events();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function setup(script = scripted(), present: string[] = ["kind", "kubectl", "docker"]) {
    const recordedAtCreate: string[][] = [];
    const runner = loggedRunner(script, events, (l) => {
      if (l === CREATE) recordedAtCreate.push(store.read("cilium-bgp")?.resources.map((r) => r.id) ?? []);
    });
    const kind = new KindProvider({ cluster, runner, clock: new FakeClock(), probe: probeWith(...present) });
    const host = new FakeKindHost(events, runner);
    const runtime = new LoggedRuntime(events);
    const processes = new FakeProcesses();
    const opts: DeployOptions = {
      runtime,
      store,
      progress: silentProgress,
      wiring: new LoggedWiring(events),
      processes,
      speakerMode: "process",
      cluster: new KindClusterProvider(kind, host),
    };
    return { script, runtime, host, processes, opts, recordedAtCreate };
  }

  it("records the cluster, builds the topology in its nodes before Ready, and starts speakers on its real PodCIDRs", async () => {
    const { runtime, host, processes, opts, recordedAtCreate } = setup();
    await deployLab(lab, opts);

    // Recorded before kind creates it, so a deploy killed during `kind create` is still undone.
    expect(recordedAtCreate).toEqual([["mgmt-network", "kind-cluster"]]);
    const order = [
      `run ${IMAGE_INSPECT}`,
      `run ${CREATE}`,
      "pin cilium-bgp-kind-worker 4102",
      "create srv-worker in cilium-bgp-kind-worker",
      "wire veth /run/netns/cilium-bgp-tor0:net2 /run/netns/cilium-bgp-kind-worker:net0",
      `run ${WAIT}`,
      `run ${LOAD}`,
      `run ${APPLY}`,
      "speaker kind-worker pid 4102 speaker",
    ].map((l) => events.index(l));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The node IP (srv-worker's exec line) exists in kind-worker's namespace before the kubelet waits.
    const nodeIp = runtime.calls.findIndex(
      (c) => c.op === "exec" && c.node === "srv-worker" && c.argv.join(" ").includes("10.0.2.2/24"),
    );
    expect(nodeIp).toBeGreaterThanOrEqual(0);
    // Kubernetes nodes are kind's containers: fabric's runtime creates only the topology's nodes.
    expect(runtime.calls.flatMap((c) => (c.op === "create" ? [c.node] : [])).sort()).toEqual(
      lab.topology.nodes.map((n) => n.name).sort(),
    );
    expect(runtime.running.get("cilium-bgp/srv-worker")?.sharesNetworkWith).toEqual({
      name: "kind-worker",
      netnsName: "cilium-bgp-kind-worker",
    });
    // Per lab: a second lab's kind-worker gets its own name, not the global /run/netns/kind-worker.
    expect([...host.pinned]).toEqual(NODES.map((n, i) => [pinnedAs(n), PIDS[i]]));

    // kind gave kind-worker 10.1.2.0/24 and kind-worker2 10.1.1.0/24, not the config order's.
    type Family = { advertisements: { type: string; prefixes?: string[] }[] };
    type File = { speaker: { instances: { peers: { families: Family[] }[] }[] } };
    const advertised = (node: string) => {
      const file = JSON.parse(host.files.get(`/run/fabric/cilium-bgp/${node}/speaker.json`) ?? "") as File;
      const families = file.speaker.instances.flatMap((i) => i.peers.flatMap((p) => p.families));
      return families.flatMap((f) =>
        f.advertisements.flatMap((a) => (a.type === "PodCIDR" ? (a.prefixes ?? []) : [])),
      );
    };
    expect(advertised("kind-worker")).toEqual(["10.1.2.0/24"]);
    expect(advertised("kind-worker2")).toEqual(["10.1.1.0/24"]);
    expect(advertised("kind-worker3")).toEqual(["10.1.3.0/24"]);

    const state = store.read("cilium-bgp");
    const ids = state?.resources.map((r) => r.id) ?? [];
    expect(ids.filter((id) => id.startsWith("node:kind"))).toEqual([]);
    expect(ids.slice(-4).sort()).toEqual(NODES.map((n) => `speaker:${n}`));
    const kindRecord = state?.resources.find((r) => r.id === "kind-cluster")?.record as KindClusterRecord;
    expect(kindRecord.name).toBe("kind");
    expect(kindRecord.netns).toEqual(NODES.map(pinnedAs));
    // The node records, so exec, get and bgp find the kind nodes later.
    expect(
      kindRecord.nodes?.map((n) => [n.name, n.runtime, n.netnsName, n.container?.name, n.holder?.pid]),
    ).toEqual(NODES.map((n, i) => [n, "kind", pinnedAs(n), n, PIDS[i]]));
    const deployed = new DeployedLab(state!);
    expect(deployed.node("kind-worker").record.netnsName).toBe("cilium-bgp-kind-worker");
    // kind's pods are the kubelet's: exec reaches them through kubectl, not a runtime record.
    expect(deployed.pod("kind-worker/netshoot-7xk2q")).toMatchObject({
      kindCluster: "kind",
    });
    const speaker = state?.resources.find((r) => r.id === "speaker:kind-worker")?.record as ProcessRecord;
    // The speaker under its restart loop (speaker-mode process).
    expect([
      speaker.node.runtime,
      speaker.node.holder?.pid,
      speaker.argv[3],
      speaker.argv.slice(-6, -4),
    ]).toEqual(["kind", 4102, "fabric-speaker-loop", ["speaker", "run"]]);
    const info = (state?.meta as { cluster: DeployedCluster }).cluster;
    expect(info.provider).toBe("kind");
    expect(info.nodes.map((n) => [n.name, n.podCIDR, n.speaker])).toEqual([
      ["kind-control-plane", "10.1.0.0/24", true],
      ["kind-worker", "10.1.2.0/24", true],
      ["kind-worker2", "10.1.1.0/24", true],
      ["kind-worker3", "10.1.3.0/24", true],
    ]);
    expect(info.pods.map((p) => [p.name, p.node, p.ip, p.owner])).toEqual([
      ["netshoot-7xk2q", "kind-worker", "10.1.2.14", "DaemonSet/netshoot"],
      ["netshoot-b4mzt", "kind-worker2", "10.1.1.9", "DaemonSet/netshoot"],
      ["netshoot-l9pwd", "kind-worker3", "10.1.3.21", "DaemonSet/netshoot"],
    ]);

    // Destroy: speakers, links, the topology's nodes, then the pinned names and the cluster.
    await destroyLab("cilium-bgp", { ...opts, kind: host });
    expect(events.index(`run ${DELETE}`)).toBeGreaterThan(events.index("unpin cilium-bgp-kind-worker3"));
    expect(processes.stopped).toHaveLength(4);
    expect(runtime.running.size).toBe(0);
    expect(host.pinned.size).toBe(0);
    expect(events.log.slice(-2)).toEqual([`run ${DELETE}`, "unwire mgmt-network 172.20.20.0/24"]);
    expect(events.index("unpin cilium-bgp-kind-worker3")).toBeGreaterThan(
      events.index("unwire veth /run/netns/cilium-bgp-tor1:net2 /run/netns/cilium-bgp-kind-worker3:net0"),
    );
    expect(store.read("cilium-bgp")).toBeUndefined();
  });

  it("deletes the kind cluster and everything made in it when its nodes never turn Ready", async () => {
    const script = scripted()
      .on(WAIT, fail(1, "error: timed out waiting for the condition on nodes/kind-worker3\n"))
      .on(KUBECTL_NODES, ok(fixture("nodes-created.json")), ok(fixture("nodes-worker3-not-ready.json")));
    const { runtime, host, opts } = setup(script);
    const error = await deployLab(lab, opts).catch((e: unknown) => e);
    expect(String(error)).toContain("nodes not Ready after 180s");
    expect(events.log.some((l) => l.startsWith("speaker "))).toBe(false);
    // The cluster goes after everything made in it, before the management network made before it.
    expect(events.log.slice(-2)).toEqual([`run ${DELETE}`, "unwire mgmt-network 172.20.20.0/24"]);
    expect(runtime.running.size).toBe(0);
    expect(host.pinned.size).toBe(0);
    expect(store.read("cilium-bgp")).toBeUndefined();
  });

  it("refuses before creating or recording anything when kind's tools are missing", async () => {
    const { script, runtime, opts } = setup(scripted(), ["kubectl", "docker"]);
    const error = await deployLab(lab, opts).catch((e: unknown) => e);
    expect(String(error)).toContain(
      "kind is not installed: the kind cluster provider needs kind, kubectl and docker; use the emulated provider",
    );
    expect(script.calls).toEqual([]);
    expect(runtime.calls).toEqual([]);
    expect(store.list()).toEqual([]);
  });
});
