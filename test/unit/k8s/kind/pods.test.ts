// The kind nodes and pods as later commands reach them: real pod state from kubectl, exec in a
// pod through kubectl, the per-lab namespace names, and where a kind node's speaker runs.
import { describe, expect, it } from "vitest";
import { execInKindPod, kindPods } from "../../../../src/k8s/kind/pods.js";
import { hostKind, speakerRuntimeFor } from "../../../../src/k8s/kind/host.js";
import { kindNetnsName, kindNodeRecord } from "../../../../src/k8s/kind/node-records.js";
import type { SpeakerRuntime } from "../../../../src/k8s/speaker/sidecar.js";
import { fixture, ok, fail, ScriptedRunner } from "./support.js";

const PODS = (ns: string) => `kubectl --context kind-kind get pods --namespace ${ns} -o json`;

describe("kind pods for get and exec", () => {
  it("reads every pod of the workloads' namespaces from the API server, once a namespace", async () => {
    const runner = new ScriptedRunner()
      .on(PODS("default"), ok(fixture("pods-pending.json")))
      .on(PODS("tests"), ok('{"apiVersion":"v1","kind":"List","items":[]}'));
    const pods = await kindPods("kind", ["default", "tests", "default"], runner);
    expect(runner.lines).toEqual([PODS("default"), PODS("tests")]);
    expect(pods.map((p) => [p.name, p.phase, p.ready, p.restarts, p.reason?.split(":")[0]])).toEqual([
      ["netshoot-7xk2q", "Running", true, 0, undefined],
      ["netshoot-b4mzt", "Pending", false, 0, "ContainerCreating"],
      ["netshoot-l9pwd", "Pending", false, 0, "Unschedulable"],
    ]);
  });

  it("fails naming kubectl's error when the API server cannot be read", async () => {
    const runner = new ScriptedRunner().on(
      PODS("default"),
      fail(1, 'error: context "kind-kind" does not exist\n'),
    );
    await expect(kindPods("kind", ["default"], runner)).rejects.toThrow(
      /get pods --namespace default -o json exited with 1: error: context "kind-kind" does not exist/,
    );
  });

  it("runs a command in a pod with kubectl exec, argv after --, stdin only when given", async () => {
    const line = "kubectl --context kind-kind exec --namespace default netshoot-7xk2q -- ping -c 1 10.1.1.9";
    const withInput = "kubectl --context kind-kind exec --namespace default -i netshoot-7xk2q -- sh";
    const runner = new ScriptedRunner()
      .on(line, fail(1, "1 packets transmitted, 0 received\n"))
      .on(withInput, ok("x\n"));
    const pod = { cluster: "kind", namespace: "default", name: "netshoot-7xk2q" };
    const r = await execInKindPod(pod, ["ping", "-c", "1", "10.1.1.9"], { timeoutMs: 5000 }, runner);
    expect(r.exitCode).toBe(1);
    expect((await execInKindPod(pod, ["sh"], { input: "echo x" }, runner)).stdout).toBe("x\n");
    expect(runner.calls).toEqual([{ line }, { line: withInput, input: "echo x" }]);
  });
});

describe("kind nodes on the host", () => {
  const node = kindNodeRecord(
    "kd1",
    { name: "kind-worker", pid: 4102, netnsPath: "/proc/4102/ns/net" },
    {
      pid: 4102,
      startTime: 7,
    },
  );

  it("pins each node's namespace under a per-lab name, so two labs' kind-worker never share one", () => {
    expect(kindNetnsName("kd1", "kind-worker")).toBe("kd1-kind-worker");
    expect(kindNetnsName("kd2", "kind-worker")).toBe("kd2-kind-worker");
    expect(node).toMatchObject({
      runtime: "kind",
      name: "kind-worker",
      netnsName: "kd1-kind-worker",
      stateDir: "/run/fabric/kd1/kind-worker",
      container: { name: "kind-worker" },
    });
  });

  it("creates the speaker's sockets in the pinned namespace, where it sets the TTL per socket", () => {
    // Not /proc/4102/ns/net: a reused pid would name a stranger's namespace.
    expect(hostKind.speakers.netnsPath(node)).toBe("/run/netns/kd1-kind-worker");
  });

  it("runs a kind node's speaker from the host, any other node's on the lab's runtime", async () => {
    const runtime = { netnsPath: () => "/run/netns/x" } as unknown as SpeakerRuntime;
    expect(await speakerRuntimeFor(node, async () => runtime)).toBe(hostKind.speakers);
    expect(await speakerRuntimeFor({ ...node, runtime: "docker" }, async () => runtime)).toBe(runtime);
  });
});
