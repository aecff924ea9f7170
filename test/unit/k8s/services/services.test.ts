// The Service machinery that needs no root: endpoints from readiness, each node's nftables text,
// and the Local-policy advertisement filter, on the lesson lab's cluster as deploy records it.
import { describe, expect, it } from "vitest";
import { clusterInfo } from "../../../../src/k8s/cluster-info.js";
import { planPods } from "../../../../src/k8s/pod-plan.js";
import { planServices } from "../../../../src/k8s/services/plan.js";
import { serviceEndpoints } from "../../../../src/k8s/services/endpoints.js";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";
import type { DeployedCluster } from "../../../../src/state/lab-info.js";

function lesson(): DeployedCluster {
  const { lab } = loadLab("labs/cilium-bgp-lesson");
  if (!lab?.cluster) throw new Error("the lesson lab must load");
  const pods = planPods(lab.name, lab.cluster, lab.workloads);
  return clusterInfo(lab.cluster, pods, lab.speakers, "emulated", lab.services);
}

const podOf = (c: DeployedCluster, owner: string, node: string): string =>
  c.pods.find((p) => p.owner === owner && p.node === node)?.name ?? "";
const svc = (c: DeployedCluster, name: string) => {
  const s = c.services?.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};

/** Service /32s a node's speaker configuration advertises. */
function advertised(c: DeployedCluster, plan: ReturnType<typeof planServices>, node: string): string[] {
  const config = plan.speakers.get(node);
  if (!config) return [];
  return config.instances.flatMap((i) =>
    i.peers.flatMap((p) =>
      p.families.flatMap((f) => f.advertisements.flatMap((a) => (a.type === "Service" ? a.prefixes : []))),
    ),
  );
}

describe("Service endpoints and rules", () => {
  const cluster = lesson();
  const all = new Set(cluster.pods.map((p) => p.name));
  const echo1 = podOf(cluster, "Deployment/echo", "kind-worker");
  const echo2 = podOf(cluster, "Deployment/echo", "kind-worker2");

  it("selects ready pods and resolves a named targetPort on each", () => {
    const [http] = serviceEndpoints(svc(cluster, "echo"), cluster.pods, all);
    expect(http?.endpoints.map((e) => [e.pod, e.node, e.port])).toEqual([
      [echo1, "kind-worker", 8080],
      [echo2, "kind-worker2", 8080],
    ]);
    const [after] = serviceEndpoints(svc(cluster, "echo"), cluster.pods, new Set([echo2]));
    expect(after?.endpoints.map((e) => e.pod)).toEqual([echo2]);
  });

  it("balances a ClusterIP over every endpoint, masquerading only the other node's for outside clients", () => {
    const text = planServices(cluster, all).rulesets.get("kind-worker") ?? "";
    const echo = svc(cluster, "echo");
    expect(text).toMatch(/^table ip fabric-svc\ndelete table ip fabric-svc\ntable ip fabric-svc \{/);
    expect(text).toContain(`ip daddr ${echo.clusterIPs[0]} tcp dport 80 goto svc-0-0`);
    expect(text).toContain("ip daddr 10.250.0.10 tcp dport 80 goto svc-0-0"); // Cluster: same chain
    expect(text).toContain("numgen random mod 2 vmap { 0 : goto svc-0-0-ep0, 1 : goto svc-0-0-ep1 }");
    expect(text).toContain(
      `ip saddr 192.168.1.2 meta mark set meta mark | 0x4000 comment "hairpin ${echo1}"`,
    );
    expect(text).toContain(
      `ip saddr != 192.168.0.0/16 meta mark set meta mark | 0x4000 comment "${echo2} on kind-worker2"`,
    );
    expect(text).toContain("meta l4proto tcp dnat to 192.168.2.2:8080");
    expect(text).toContain("meta mark & 0x4000 == 0x4000 masquerade");
  });

  it("sends Local traffic only to local endpoints, and refuses it on a node without one", () => {
    const plan = planServices(cluster, all);
    const onWorker2 = plan.rulesets.get("kind-worker2") ?? "";
    const onWorker = plan.rulesets.get("kind-worker") ?? "";
    expect(onWorker2).toMatch(/ip daddr 10\.250\.0\.20 tcp dport 80 goto svc-1-0-local/);
    expect(onWorker).not.toContain("ip daddr 10.250.0.20 tcp");
    // …but its ClusterIP still reaches solo from kind-worker, and the LB address is rejected there.
    expect(onWorker).toContain(`ip daddr ${svc(cluster, "solo").clusterIPs[0]} tcp dport 80 goto svc-1-0`);
    expect(onWorker).toMatch(/ip daddr \{[^}]*10\.250\.0\.20[^}]*\} meta l4proto tcp reject with tcp reset/);
  });

  it("advertises a Local Service's /32 only from nodes with a ready endpoint, following readiness", () => {
    const solo = "solo";
    const up = planServices(cluster, all);
    expect(advertised(cluster, up, "kind-worker2")).toContain("10.250.0.20/32");
    expect(advertised(cluster, up, "kind-worker")).not.toContain("10.250.0.20/32");
    // Cluster policy and ClusterIPs stay everywhere.
    expect(advertised(cluster, up, "kind-worker")).toEqual(
      expect.arrayContaining(["10.250.0.10/32", `${svc(cluster, "solo").clusterIPs[0]}/32`]),
    );
    const down = planServices(cluster, new Set([...all].filter((p) => p !== solo)));
    expect(advertised(cluster, down, "kind-worker2")).not.toContain("10.250.0.20/32");
    expect(advertised(cluster, down, "kind-worker2")).toContain("10.250.0.10/32");
    expect(down.rulesets.get("kind-worker2")).not.toContain("goto svc-1-0");
  });

  it("writes nothing for a cluster without Services", () => {
    const plan = planServices({ ...cluster, services: [] }, all);
    expect(plan.rulesets.size).toBe(0);
    expect(plan.speakers.size).toBe(0);
  });
});

describe("Services in a dual-stack cluster whose first family is IPv6", () => {
  // The lesson's cluster as if its podSubnet were "fd00:10:1::/56,192.168.0.0/16": every pod's
  // primary IP is IPv6, its IPv4 one second. Services answer over IPv4, so the rules must use
  // the IPv4 pod subnet and each pod's IPv4 address.
  const base = lesson();
  const cluster: DeployedCluster = {
    ...base,
    podSubnet: "fd00:10:1::/56",
    podSubnets: ["fd00:10:1::/56", base.podSubnet],
    pods: base.pods.map((p, i) => ({ ...p, ip: `fd00:10:1::${i + 2}`, ips: [`fd00:10:1::${i + 2}`, p.ip] })),
  };
  const all = new Set(cluster.pods.map((p) => p.name));

  it("masquerades by the IPv4 pod subnet and DNATs to each pod's IPv4 address", () => {
    const text = planServices(cluster, all).rulesets.get("kind-worker") ?? "";
    expect(text).toContain("ip saddr != 192.168.0.0/16 meta mark set");
    expect(text).toContain("meta l4proto tcp dnat to 192.168.2.2:8080");
    expect(text).not.toContain("fd00:");
  });
});
