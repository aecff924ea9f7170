// The whole kind flow against a scripted runner: the exact commands in order, what is parsed
// from their output, and each way it fails.
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { ptpConflist } from "../../../../src/k8s/kind/cni.js";
import { destroyKindCluster, KindProvider } from "../../../../src/k8s/kind/provider.js";
import type { KindNodeContainer } from "../../../../src/k8s/kind/types.js";
import type { Cluster } from "../../../../src/model/model.js";
import { fail, FakeClock, fixture, ok, probeWith, ScriptedRunner, seedLab } from "./support.js";

const lab = seedLab();
const cluster = lab.cluster!;
const manifest = `${process.cwd()}/labs/cilium-bgp/netshoot-ds.yaml`;
const NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const PIDS = [4101, 4102, 4103, 4104];

const CREATE = `kind create cluster --name kind --config ${cluster.file}`;
const GET_NODES = "kind get nodes --name kind";
const inspect = (n: string) => `docker inspect -f "{{.State.Pid}}" ${n}`;
const KUBECTL_NODES = "kubectl --context kind-kind get nodes -o json";
const WAIT = "kubectl --context kind-kind wait --for=condition=Ready nodes --all --timeout=180s";
/** The seed's manifest leaves netshoot's pull policy to its default: applied as a patched copy. */
const APPLY = `kubectl --context kind-kind apply -f ${tmpdir()}/fabric-kind-kind-apply/netshoot-ds.yaml`;
const PODS = "kubectl --context kind-kind get pods --namespace default -o json";
const mkdir = (n: string) => `docker exec ${n} mkdir -p /etc/cni/net.d`;
const tee = (n: string) => `docker exec -i ${n} tee /etc/cni/net.d/10-fabric-ptp.conflist`;
const IMAGE = "nicolaka/netshoot:latest";
const IMAGE_INSPECT = `docker image inspect --format "{{.Id}}" ${IMAGE}`;
const LOAD = `kind load docker-image --name kind ${IMAGE}`;
/** The seed's DaemonSet with a pull policy that lets the kubelet use the loaded image. */
const workloads = lab.workloads.map((w) => ({ ...w, imagePullPolicy: "IfNotPresent" }));

/** kind prints node names in no particular order. */
function createdCluster(runner: ScriptedRunner): ScriptedRunner {
  runner.on(IMAGE_INSPECT, ok("sha256:22bc2efeb412\n")).on(LOAD, ok());
  runner.on(CREATE, ok()).on(GET_NODES, ok("kind-worker3\nkind-control-plane\nkind-worker\nkind-worker2\n"));
  NODES.forEach((n, i) => runner.on(inspect(n), ok(`${PIDS[i]}\n`)));
  return runner;
}

function withCni(runner: ScriptedRunner): ScriptedRunner {
  for (const n of NODES) runner.on(mkdir(n), ok()).on(tee(n), ok());
  return runner;
}

function provider(runner: ScriptedRunner, clock = new FakeClock(), c: Cluster = cluster): KindProvider {
  return new KindProvider({
    cluster: c,
    runner,
    clock,
    probe: probeWith("kind", "kubectl", "docker"),
  });
}

describe("KindProvider.up on the seed cluster", () => {
  it("creates, enters, configures the CNI, waits Ready, compares, applies and waits for pods", async () => {
    const runner = withCni(createdCluster(new ScriptedRunner()))
      .on(
        KUBECTL_NODES,
        ok(fixture("nodes-created.json")),
        ok(fixture("nodes-worker3-not-ready.json")),
        ok(fixture("nodes-ready.json")),
      )
      .on(WAIT, ok())
      .on(APPLY, ok("daemonset.apps/netshoot created\n"))
      .on(PODS, ok(fixture("pods-pending.json")), ok(fixture("pods-running.json")));
    const clock = new FakeClock();
    let seenBeforeReady: readonly KindNodeContainer[] = [];

    const up = await provider(runner, clock).up({
      manifests: [manifest],
      workloads,
      beforeReady: async (nodes) => {
        seenBeforeReady = nodes;
        // The orchestrator attaches links here: nothing may have waited for Ready yet.
        expect(runner.lines).not.toContain(WAIT);
      },
    });

    expect(runner.lines).toEqual([
      // Before anything exists: the image kind will load is in the host's docker.
      IMAGE_INSPECT,
      // --wait is left out: the config disables kind's CNI, so kind's own wait could only time out.
      CREATE,
      GET_NODES,
      ...NODES.map(inspect),
      KUBECTL_NODES, // kind-worker3 has no PodCIDR yet
      KUBECTL_NODES, // every node has one
      ...NODES.flatMap((n) => [mkdir(n), tee(n)]),
      WAIT,
      KUBECTL_NODES,
      LOAD, // into every node's containerd, before the manifest names it
      APPLY,
      PODS, // one Pending in ContainerCreating, one unscheduled
      PODS,
    ]);
    expect(clock.sleeps).toEqual([2000, 2000]);
    // Each node's CNI hands out addresses from the PodCIDR the cluster gave that node.
    const inputs = runner.calls.filter((c) => c.input !== undefined).map((c) => [c.line, c.input]);
    expect(inputs).toEqual([
      [tee("kind-control-plane"), ptpConflist("10.1.0.0/24")],
      [tee("kind-worker"), ptpConflist("10.1.2.0/24")],
      [tee("kind-worker2"), ptpConflist("10.1.1.0/24")],
      [tee("kind-worker3"), ptpConflist("10.1.3.0/24")],
    ]);

    expect(seenBeforeReady).toEqual(
      NODES.map((name, i) => ({ name, pid: PIDS[i], netnsPath: `/proc/${PIDS[i]}/ns/net` })),
    );
    expect(up.nodes.map((n) => [n.name, n.pid, n.netnsPath, n.nodeIP, n.podCIDR, n.labels["rack"]])).toEqual([
      ["kind-control-plane", 4101, "/proc/4101/ns/net", "10.0.1.2", "10.1.0.0/24", "rack0"],
      ["kind-worker", 4102, "/proc/4102/ns/net", "10.0.2.2", "10.1.2.0/24", "rack0"],
      ["kind-worker2", 4103, "/proc/4103/ns/net", "10.0.3.2", "10.1.1.0/24", "rack1"],
      ["kind-worker3", 4104, "/proc/4104/ns/net", "10.0.4.2", "10.1.3.0/24", "rack1"],
    ]);
    expect(up.nodes[0]?.taints).toEqual([
      { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
    ]);
    expect(up.cluster.nodes.map((n) => n.podCIDR)).toEqual([
      "10.1.0.0/24",
      "10.1.2.0/24",
      "10.1.1.0/24",
      "10.1.3.0/24",
    ]);
    expect(up.notes.map((d) => [d.kind, d.node])).toEqual([
      ["pod-cidr", "kind-worker"],
      ["pod-cidr", "kind-worker2"],
    ]);
    // The DaemonSet tolerates only the old master taint, so the control plane runs none.
    expect(up.pods.map((p) => [p.name, p.node, p.ip])).toEqual([
      ["netshoot-7xk2q", "kind-worker", "10.1.2.14"],
      ["netshoot-b4mzt", "kind-worker2", "10.1.1.9"],
      ["netshoot-l9pwd", "kind-worker3", "10.1.3.21"],
    ]);
  });

  it("lets kind wait and configures no CNI when the cluster keeps kind's own", async () => {
    const withKindnet: Cluster = { ...cluster, disableDefaultCNI: false };
    const runner = createdCluster(new ScriptedRunner());
    runner.on(`${CREATE} --wait 120s`, ok());
    runner
      .on(KUBECTL_NODES, ok(fixture("nodes-ready.json")))
      .on(WAIT, ok())
      .on(APPLY, ok())
      .on(PODS, ok(fixture("pods-running.json")));
    await provider(runner, new FakeClock(), withKindnet).up({
      manifests: [manifest],
      workloads,
    });
    expect(runner.lines).toEqual([
      IMAGE_INSPECT,
      `${CREATE} --wait 120s`,
      GET_NODES,
      ...NODES.map(inspect),
      WAIT,
      KUBECTL_NODES,
      LOAD,
      APPLY,
      PODS,
    ]);
  });
});

describe("KindProvider failures", () => {
  it("checks every tool before running anything, in one error", async () => {
    const runner = new ScriptedRunner();
    const p = new KindProvider({ cluster, runner, probe: probeWith("docker") });
    const error = await p.up({ manifests: [], workloads: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FabricError);
    expect((error as FabricError).code).toBe("kind-tools-missing");
    expect((error as FabricError).message).toMatch(
      /^kind and kubectl are not installed: the kind cluster provider needs kind, kubectl and docker; use the emulated provider/,
    );
    expect(runner.calls).toEqual([]);
  });

  it("carries kind's stderr when create fails, and runs nothing after it", async () => {
    const stderr =
      'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "kind"\n';
    const runner = new ScriptedRunner().on(CREATE, fail(1, stderr));
    const error = (await provider(runner)
      .create()
      .catch((e: unknown) => e)) as FabricError;
    expect(error.code).toBe("kind-create-failed");
    expect(error.message).toBe(
      'kind could not create cluster kind: ERROR: failed to create cluster: node(s) already exist for a cluster with the name "kind"',
    );
    expect(error.suggestion).toContain("kind delete cluster --name kind");
    expect(runner.lines).toEqual([CREATE]);
  });

  it("refuses a cluster whose nodes are not the config's", async () => {
    const runner = new ScriptedRunner()
      .on(CREATE, ok())
      .on(GET_NODES, ok("kind-control-plane\nkind-worker\n"));
    const error = (await provider(runner)
      .create()
      .catch((e: unknown) => e)) as FabricError;
    expect(error.code).toBe("kind-cluster-mismatch");
    expect(error.message).toContain("node kind-worker2 is in the kind config but not in the cluster");
    expect(error.message).toContain("node kind-worker3 is in the kind config but not in the cluster");
  });

  it("refuses a stopped node container (pid 0): there is no namespace to enter", async () => {
    const runner = createdCluster(new ScriptedRunner()).on(inspect("kind-worker"), ok("0\n"));
    await expect(provider(runner).create()).rejects.toThrow(
      /printed "0", not the pid of a running container/,
    );
  });

  it("names the node that never became Ready, with the kubelet's reason", async () => {
    const runner = new ScriptedRunner()
      .on(WAIT, fail(1, "error: timed out waiting for the condition on nodes/kind-worker3\n"))
      .on(KUBECTL_NODES, ok(fixture("nodes-worker3-not-ready.json")));
    const error = (await provider(runner)
      .waitNodesReady()
      .catch((e: unknown) => e)) as FabricError;
    expect(error.code).toBe("kind-nodes-not-ready");
    expect(error.message).toBe(
      "nodes not Ready after 180s:\n  - kind-worker3: KubeletNotReady: container runtime network not ready: " +
        "NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
    );
    expect(error.suggestion).toContain("disables kind's CNI");
  });

  it("goes on when kubectl wait failed but every node is Ready by the time it is read", async () => {
    const runner = new ScriptedRunner()
      .on(WAIT, fail(1, "error: timed out waiting for the condition on nodes/kind-worker3\n"))
      .on(KUBECTL_NODES, ok(fixture("nodes-ready.json")));
    await expect(provider(runner).waitNodesReady()).resolves.toBeUndefined();
  });

  it("times out naming the node still without a PodCIDR", async () => {
    const runner = new ScriptedRunner().on(KUBECTL_NODES, ok(fixture("nodes-created.json")));
    const clock = new FakeClock();
    const error = (await provider(runner, clock)
      .installCni()
      .catch((e: unknown) => e)) as FabricError;
    expect(error.code).toBe("kind-podcidr-missing");
    expect(error.message).toBe("no PodCIDR allocated within 60s for kind-worker3");
    expect(clock.time).toBe(60_000);
    expect(runner.lines.every((l) => l === KUBECTL_NODES)).toBe(true);
  });

  it("refuses Ready nodes whose InternalIP is not the config's node-ip", async () => {
    const runner = new ScriptedRunner().on(
      KUBECTL_NODES,
      ok(fixture("nodes-ready.json").replace('"10.0.2.2"', '"172.18.0.3"')),
    );
    const containers = NODES.map((name, i) => ({ name, pid: PIDS[i] ?? 0, netnsPath: "" }));
    await expect(provider(runner).readNodes(containers)).rejects.toThrow(
      "node kind-worker: InternalIP is 172.18.0.3, the config says 10.0.2.2",
    );
  });

  it("times out listing every planned pod not Running and Ready, and why", async () => {
    const runner = new ScriptedRunner().on(PODS, ok(fixture("pods-pending.json")));
    const error = (await provider(runner)
      .waitPods(lab.workloads)
      .catch((e: unknown) => e)) as FabricError;
    expect(error.code).toBe("kind-pods-not-ready");
    expect(error.message).toMatch(
      /^pods not Running and Ready after 300s:\n {2}- DaemonSet\/default\/netshoot on kind-worker2: netshoot-b4mzt Pending, not ready \(ContainerCreating\)\n {2}- DaemonSet\/default\/netshoot on kind-worker3: no pod yet$/,
    );
  });

  it("stops on a failed apply with kubectl's stderr", async () => {
    const runner = withCni(createdCluster(new ScriptedRunner()))
      .on(KUBECTL_NODES, ok(fixture("nodes-ready.json")))
      .on(WAIT, ok())
      .on(APPLY, fail(1, 'error: error validating "netshoot-ds.yaml": unknown field "spec.tmplate"\n'));
    await expect(provider(runner).up({ manifests: [manifest], workloads })).rejects.toThrow(
      `kubectl --context kind-kind apply -f ${tmpdir()}/fabric-kind-kind-apply/netshoot-ds.yaml exited with 1: error: error validating`,
    );
    expect(runner.lines.at(-1)).toBe(APPLY);
  });
});

describe("workload images", () => {
  it("refuses, before creating anything, an image the host's docker does not have, naming it", async () => {
    const runner = new ScriptedRunner().on(IMAGE_INSPECT, fail(1, `Error: No such image: ${IMAGE}\n`));
    const error = await provider(runner)
      .up({ manifests: [manifest], workloads })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FabricError);
    expect((error as FabricError).code).toBe("kind-image-missing");
    expect((error as FabricError).message).toMatch(/^nicolaka\/netshoot:latest is not in the host's docker/);
    expect((error as FabricError).suggestion).toBe("docker pull nicolaka/netshoot:latest");
    expect(runner.lines).toEqual([IMAGE_INSPECT]);
  });

  it("refuses a container that asks for Always in so many words: the kubelet would pull despite kind load", async () => {
    const runner = new ScriptedRunner();
    const error = await provider(runner)
      .up({
        manifests: [manifest],
        workloads: lab.workloads.map((w) => ({ ...w, imagePullPolicy: "Always" })),
      })
      .catch((e: unknown) => e);
    expect((error as FabricError).code).toBe("kind-image-pull-always");
    expect((error as FabricError).message).toContain("DaemonSet/netshoot (nicolaka/netshoot:latest)");
    expect((error as FabricError).suggestion).toContain("imagePullPolicy: IfNotPresent");
    expect(runner.lines).toEqual([]);
  });

  it("stops when kind cannot load an image, before applying any manifest", async () => {
    const runner = withCni(createdCluster(new ScriptedRunner()))
      .on(LOAD, fail(1, 'ERROR: image: "nicolaka/netshoot:latest" not present locally\n'))
      .on(KUBECTL_NODES, ok(fixture("nodes-ready.json")))
      .on(WAIT, ok());
    await expect(provider(runner).up({ manifests: [manifest], workloads })).rejects.toThrow(
      `${LOAD} exited with 1: ERROR: image`,
    );
    expect(runner.lines.at(-1)).toBe(LOAD);
    expect(runner.lines).not.toContain(APPLY);
  });
});

describe("destroy", () => {
  it("deletes the cluster by name", async () => {
    const runner = new ScriptedRunner().on("kind delete cluster --name kind", ok());
    await provider(runner).destroy();
    expect(runner.lines).toEqual(["kind delete cluster --name kind"]);
  });

  it("reports kind's stderr when delete fails", async () => {
    const runner = new ScriptedRunner().on(
      "kind delete cluster --name lab",
      fail(1, 'ERROR: failed to delete cluster "lab": permission denied\n'),
    );
    await expect(destroyKindCluster("lab", runner)).rejects.toThrow(
      /exited with 1: ERROR: failed to delete cluster/,
    );
  });
});
