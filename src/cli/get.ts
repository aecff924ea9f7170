// fabric get pods|nodes|svc: the cluster of a deployed lab, in kubectl's columns
// (`kubectl get pods -o wide`, `kubectl get nodes` plus what a fabric user looks for: rack, node
// IP, PodCIDR).
import { podState, type PodState } from "../state/cluster-view.js";
import { DeployedLab } from "../state/deployed-lab.js";
import { selectLab } from "../state/deployed.js";
import { isFrozen } from "../state/frozen.js";
import { hostProcesses } from "../state/processes.js";
import { StateStore } from "../state/state-store.js";
import type { DeployedService } from "../state/lab-info.js";
import { printJson, table } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { kindPods } from "../k8s/kind/pods.js";
import type { DeployedCluster } from "../state/lab-info.js";

export interface GetFlags extends FormatOptions {
  readonly lab?: string;
}

export async function get(what: "pods" | "nodes" | "svc", flags: GetFlags): Promise<void> {
  const lab = selectLab(new StateStore(), flags.lab);
  // The record indexed once for every row (4,096 pods each indexing ~30,000 resources at once ran
  // out of heap).
  const deployed = new DeployedLab(lab);
  const cluster = deployed.cluster();
  if (what === "svc") {
    const services = cluster.services ?? [];
    if (flags.format === "json") return printJson(services);
    const age = shortAge(Date.now() - Date.parse(lab.createdAt));
    process.stdout.write(
      table(
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        services.map((s) => [
          s.name,
          s.type,
          s.clusterIPs.length > 0 ? s.clusterIPs.join(",") : "None",
          externalColumn(s),
          s.ports.length > 0 ? s.ports.map((p) => `${p.port}/${p.protocol}`).join(",") : "<none>",
          age,
        ]),
      ) + "\n",
    );
    return;
  }
  const runtime = await openRuntime(lab.runtime);
  if (what === "pods" && cluster.provider === "kind") return getKindPods(cluster, flags);
  if (what === "pods") {
    const rows = await Promise.all(
      cluster.pods.map(async (pod) => ({
        ...pod,
        ...(await podState(deployed, pod, runtime, hostProcesses)),
      })),
    );
    if (flags.format === "json") return printJson(rows);
    process.stdout.write(
      table(
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"],
        rows.map((r) => [r.name, r.ready ? "1/1" : "0/1", r.phase, "0", age(r, lab.createdAt), r.ip, r.node]),
      ) + "\n",
    );
    return;
  }
  const rows = await Promise.all(
    cluster.nodes.map(async (node) => {
      const record = deployed.nodeRecord(node.name);
      // Frozen by `fabric node stop`: its kubelet would stop posting status, so NotReady, with why.
      if (isFrozen(lab, node.name)) return { ...node, status: "NotReady,Frozen" };
      const up = record
        ? (await runtime.exec(record, ["true"], { timeoutMs: 5_000 }).catch(() => undefined))?.exitCode === 0
        : false;
      return { ...node, status: up ? "Ready" : "NotReady" };
    }),
  );
  if (flags.format === "json") return printJson(rows);
  process.stdout.write(
    table(
      ["NAME", "STATUS", "ROLE", "RACK", "NODE IP", "PODCIDR"],
      rows.map((n) => [
        n.name,
        n.status,
        n.role,
        n.labels["rack"] ?? "<none>",
        n.nodeIP ?? "<none>",
        // kubectl's spec.podCIDRs, one per family of a dual-stack node.
        (n.podCIDRs ?? [n.podCIDR]).join(","),
      ]),
    ) + "\n",
  );
}

/** kubectl's EXTERNAL-IP: LoadBalancer addresses then external IPs; <pending> for a LoadBalancer without. */
function externalColumn(s: DeployedService): string {
  const all = [...s.loadBalancerIPs, ...s.externalIPs];
  if (all.length > 0) return all.join(",");
  return s.type === "LoadBalancer" ? "<pending>" : "<none>";
}

/**
 * A real kind cluster's pods as the API server has them now (deploy recorded them only as they were
 * when Ready): every pod of the workloads' namespaces, with kubelet's phase, readiness and restarts.
 */
async function getKindPods(cluster: DeployedCluster, flags: GetFlags): Promise<void> {
  const namespaces = [...new Set(cluster.pods.map((p) => p.namespace))];
  const pods = await kindPods(cluster.name, namespaces.length > 0 ? namespaces : ["default"]);
  if (flags.format === "json") return printJson(pods);
  const now = Date.now();
  process.stdout.write(
    table(
      ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"],
      pods.map((p) => [
        p.name,
        p.ready ? "1/1" : "0/1",
        p.reason && !p.ready ? (p.reason.split(":")[0] ?? p.phase) : p.phase,
        String(p.restarts),
        p.startedAt === undefined ? "<unknown>" : shortAge(now - Date.parse(p.startedAt)),
        p.ip ?? "<none>",
        p.node ?? "<none>",
      ]),
    ) + "\n",
  );
}

/** kubectl's short ages: 45s, 12m, 3h, 2d. */
export function shortAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 120 * 60) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function age(state: PodState, labCreatedAt: string): string {
  return shortAge(Date.now() - Date.parse(state.startedAt ?? labCreatedAt));
}
