// The kind provider for real, on the seed's kind config (labs/cilium-bgp/cluster.yaml, renamed so
// a developer's own `kind` cluster is never touched): create, give each node its node IP where
// fabric's links would put it, fabric's CNI, Ready, the netshoot DaemonSet Running on the
// workers, then delete. It needs kind, kubectl, a running dockerd and registry access for the
// node and netshoot images; where any is missing it is skipped and says why.
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { attempt } from "../../../src/host/command.js";
import { KindProvider, kindAvailable } from "../../../src/k8s/kind/index.js";
import { loadManifests } from "../../../src/model/k8s/index.js";
import { loadKindCluster } from "../../../src/model/kind/index.js";
import { cidrContains, parseIpv4, requireCidr } from "../../../src/net/index.js";

const CLUSTER = "fabric-kind-it";
const CONFIG = "labs/cilium-bgp/cluster.yaml";
const MANIFEST = `${process.cwd()}/labs/cilium-bgp/netshoot-ds.yaml`;

async function whySkip(): Promise<string | undefined> {
  const missing = await kindAvailable();
  if (missing.length > 0) return `${missing.map((t) => t.command).join(", ")} not installed`;
  const info = await attempt("docker", ["info", "--format", "{{.ServerVersion}}"]);
  if (info.exitCode !== 0) return `dockerd not reachable: ${info.stderr.trim()}`;
  return undefined;
}

const skipReason = await whySkip();
if (skipReason) console.log(`kind provider end-to-end test skipped: ${skipReason}`);

function inSubnet(ip: string, cidr: string): boolean {
  const address = parseIpv4(ip);
  return address !== undefined && cidrContains(requireCidr(cidr, "PodCIDR"), address);
}

describe("the kind provider on a real kind cluster", () => {
  const loaded = loadKindCluster(CONFIG, CLUSTER);
  const cluster = loaded.cluster;
  const provider = cluster && new KindProvider({ cluster });

  afterAll(async () => {
    if (!skipReason) await provider?.destroy();
  });

  it.skipIf(skipReason !== undefined)(
    `brings the seed cluster up, runs netshoot on every worker, and deletes it${skipReason ? ` (skipped: ${skipReason})` : ""}`,
    async () => {
      expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      if (!cluster || !provider) throw new Error("the seed kind config did not load");
      const workloads = loadManifests([MANIFEST]).workloads;

      const up = await provider.up({
        manifests: [MANIFEST],
        workloads,
        // Stands in for fabric's links: the kubelet's node-ip must be on an interface of the node.
        beforeReady: async (nodes) => {
          for (const node of nodes) {
            expect(existsSync(node.netnsPath)).toBe(true);
            const ip = cluster.nodes.find((n) => n.name === node.name)?.nodeIP;
            if (ip === undefined) continue;
            for (const argv of [
              ["ip", "link", "add", "fabric0", "type", "dummy"],
              ["ip", "addr", "add", `${ip}/32`, "dev", "fabric0"],
              ["ip", "link", "set", "fabric0", "up"],
            ]) {
              const r = await attempt("docker", ["exec", node.name, ...argv]);
              expect(r.exitCode, `${node.name}: ${argv.join(" ")}: ${r.stderr}`).toBe(0);
            }
          }
        },
      });

      expect(up.nodes.map((n) => [n.name, n.nodeIP, n.labels["rack"]])).toEqual(
        cluster.nodes.map((n) => [n.name, n.nodeIP, n.labels["rack"]]),
      );
      for (const node of up.nodes)
        expect(inSubnet(node.podCIDR.split("/")[0] ?? "", cluster.podSubnet)).toBe(true);
      expect(up.pods.map((p) => p.node).sort()).toEqual(
        cluster.nodes.filter((n) => n.role === "worker").map((n) => n.name),
      );
      for (const pod of up.pods) {
        const node = up.nodes.find((n) => n.name === pod.node);
        expect(pod.ip !== undefined && node !== undefined && inSubnet(pod.ip, node.podCIDR)).toBe(true);
      }

      await provider.destroy();
      const left = await attempt("kind", ["get", "nodes", "--name", CLUSTER]);
      expect(left.stdout).not.toContain(CLUSTER);
    },
    900_000,
  );
});
