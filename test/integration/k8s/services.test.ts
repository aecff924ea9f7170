// Services that answer (issue 13), on the lesson lab (labs/cilium-bgp-lesson): the external router
// r1 reaches LoadBalancer addresses assigned by a CiliumLoadBalancerIPPool, a request entering one
// rack is served by a pod on the other, both replicas of a Deployment answer, the Local Service's
// /32 comes only from the node with its backend and is withdrawn when the backend stops, a
// ClusterIP answers a pod, and the lab's own checks pass. Then destroy leaves nothing.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { StateStore } from "../../../src/state/state-store.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const NODES = ["r1", "node1", "node2", "kind-control-plane", "kind-worker", "kind-worker2"];

interface Svc {
  name: string;
  type: string;
  clusterIPs: string[];
  loadBalancerIPs: string[];
}
interface Pod {
  name: string;
  node: string;
  owner: string;
}

/** The client addresses a backend's HTTP server logged (python's http.server, to the command's log). */
function clientsSeenBy(lab: LabFixture, pod: string): string[] {
  const state = new StateStore().read(lab.name);
  const entry = state?.resources.find((r) => r.id === `pod-command:${pod}`);
  const logFile = (entry?.record as { logFile?: string } | undefined)?.logFile;
  if (!logFile) throw new Error(`no log for ${pod}`);
  return readFileSync(logFile, "utf8")
    .split("\n")
    .flatMap((line) => /^(\d+\.\d+\.\d+\.\d+) - - .*"GET \//.exec(line)?.[1] ?? []);
}

/** r1's paths for a prefix, by the neighbor that sent each. */
async function pathsFrom(lab: LabFixture, prefix: string): Promise<string[]> {
  const r = await lab.execJson("r1", "vtysh", "-c", `show bgp ipv4 unicast ${prefix} json`);
  const route = JSON.parse(r.stdout) as { paths?: { peer?: { peerId?: string } }[] };
  return (route.paths ?? []).map((p) => p.peer?.peerId ?? "?").sort();
}

async function get(lab: LabFixture, node: string, url: string, ...curl: string[]): Promise<string> {
  const r = await lab.execJson(node, "curl", "-sS", "-m", "3", ...curl, url);
  if (r.exitCode !== 0) throw new Error(`${node}: curl ${url}: ${r.stderr}`);
  return r.stdout.trim();
}

describe("Services on the lesson lab", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("answers on LoadBalancer and ClusterIP addresses, advertises Local from backends only, and follows a stopped backend", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-lesson", "sv");
    const current = lab;
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    // The pool assigned the LoadBalancer addresses; get svc shows them in kubectl's columns.
    const svcRun = await current.cli("get", "svc", "--lab", current.name, "--format", "json");
    expect(svcRun.code, svcRun.stderr).toBe(0);
    const svcs = JSON.parse(svcRun.stdout) as Svc[];
    const byName = new Map(svcs.map((s) => [s.name, s]));
    expect(byName.get("echo")?.loadBalancerIPs).toEqual(["10.250.0.10"]); // the pool's first address
    expect(byName.get("solo")?.loadBalancerIPs).toEqual(["10.250.0.20"]); // its annotation's
    const internal = byName.get("echo-internal")?.clusterIPs[0] ?? "";
    expect(internal).toMatch(/^10\.96\./);
    const table = await current.cli("get", "svc", "--lab", current.name);
    expect(table.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    expect(table.stdout).toMatch(/^echo\s+LoadBalancer\s+10\.96\.\S+\s+10\.250\.0\.10\s+80\/TCP\s/m);

    const pods = JSON.parse(
      (await current.cli("get", "pods", "--lab", current.name, "--format", "json")).stdout,
    ) as Pod[];
    const echoPods = pods.filter((p) => p.owner === "Deployment/echo");
    expect(echoPods.map((p) => p.node).sort()).toEqual(["kind-worker", "kind-worker2"]);

    // Policy Cluster: both nodes advertise echo's address; over repeated requests from the router
    // both replicas, one per node, answer.
    await waitFor("10.250.0.10/32 from both nodes", 30_000, async () =>
      (await pathsFrom(current, "10.250.0.10/32")).join() === "172.16.1.1,172.16.2.1" ? true : undefined,
    );
    const answered = await waitFor("both echo replicas to answer", 30_000, async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(await get(current, "r1", "http://10.250.0.10/"));
      return seen.size === 2 ? seen : undefined;
    });
    expect([...answered].sort()).toEqual(echoPods.map((p) => p.name).sort());

    // Entering rack1 (r1's eth1 goes to kind-worker), served by solo on kind-worker2 in rack2.
    const soloClusterIP = byName.get("solo")?.clusterIPs[0] ?? "";
    expect(await get(current, "r1", `http://${soloClusterIP}/`, "--interface", "eth1")).toBe("solo");
    // …masqueraded to kind-worker's address, so solo's reply goes back the way it came.
    expect(clientsSeenBy(current, "solo").at(-1)).toBe("172.16.1.1");

    // A ClusterIP answers a pod.
    expect(echoPods.map((p) => p.name)).toContain(
      await get(current, "kind-worker/client", `http://${internal}:8080/`),
    );

    // Policy Local: solo's /32 only from kind-worker2 (172.16.2.1), the node with its pod.
    await waitFor("10.250.0.20/32 from kind-worker2 only", 30_000, async () =>
      (await pathsFrom(current, "10.250.0.20/32")).join() === "172.16.2.1" ? true : undefined,
    );
    expect(await get(current, "r1", "http://10.250.0.20/")).toBe("solo");
    // Local keeps the client's address: r1's own, on its link to kind-worker2.
    expect(clientsSeenBy(current, "solo").at(-1)).toBe("172.16.2.254");

    // Stopping the backend withdraws it; starting it brings it back.
    const stop = await current.cli("pod", "stop", "solo", "--lab", current.name);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain("Service default/solo: no ready endpoint");
    await waitFor("10.250.0.20/32 withdrawn", 15_000, async () =>
      (await pathsFrom(current, "10.250.0.20/32")).length === 0 ? true : undefined,
    );
    const refused = await current.execJson("r1", "curl", "-sS", "-m", "3", `http://${soloClusterIP}/`);
    expect(refused.exitCode).not.toBe(0);
    const start = await current.cli("pod", "start", "solo", "--lab", current.name);
    expect(start.code, start.stderr).toBe(0);
    await waitFor("10.250.0.20/32 back from kind-worker2", 15_000, async () =>
      (await pathsFrom(current, "10.250.0.20/32")).join() === "172.16.2.1" ? true : undefined,
    );
    await waitFor("solo to answer again", 15_000, async () =>
      (await get(current, "r1", "http://10.250.0.20/")) === "solo" ? true : undefined,
    );

    // The lab's own checks (service and advertised checks among them) pass.
    const test = await current.cli("test", current.file);
    expect(test.code, test.stdout + test.stderr).toBe(0);

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  });
});
