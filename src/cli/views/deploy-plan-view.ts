// The text form of a DeployPlan, as `fabric validate` prints it: the stages in order with what
// each creates, then the addresses and interface names deploy will use.
import { stageOf, type DeployPlan, type LinkEndPlan, type Stage } from "../../lab/plan/types.js";
import { mgmtBridgesFor } from "../../model/mgmt-capacity.js";
import { heading, table } from "../output.js";

/** `host-bridge`, or how many trunked bridges it spans when one does not hold every eth0. */
function managementShape(r: { readonly owner: string; readonly ports: number }): string {
  const bridges = r.owner === "host-bridge" ? mgmtBridgesFor(r.ports) : 1;
  return bridges > 1 ? `${r.owner}, ${r.ports} ports on ${bridges} trunked bridges` : r.owner;
}

export function renderDeployPlan(plan: DeployPlan): string {
  const out: string[] = [];
  const mgmt = stageOf(plan, "management")?.resources[0];
  const where = mgmt?.owner === "runtime" ? "the runtime's network" : "the host bridge";
  out.push(
    heading(`Deploy plan (${plan.provider} cluster provider, management ${plan.mgmtSubnet} on ${where})`),
  );
  out.push(
    table(
      ["STAGE", "AFTER", "CREATES"],
      plan.stages.map((s) => [s.id, s.after.join(", ") || "-", creates(s)]),
    ),
  );

  const addressed = plan.nodes.filter((n) => n.mgmtAddress !== undefined);
  if (addressed.length > 0) {
    out.push("");
    out.push(heading(`Management addresses (${addressed.length})`));
    out.push(
      table(
        ["NODE", "ADDRESS"],
        addressed.map((n) => [n.name, n.mgmtAddress ?? ""]),
      ),
    );
  }

  const veths = vethRows(plan);
  if (veths.length > 0) {
    out.push("");
    out.push(heading(`Veths (${veths.length})`));
    out.push(table(["ID", "END A", "END B", "MTU"], veths));
  }

  const pods = plan.info.cluster?.pods ?? [];
  const podResources = (stageOf(plan, "cluster-workloads")?.resources ?? []).flatMap((r) =>
    r.kind === "pod" ? [r] : [],
  );
  if (podResources.length > 0) {
    out.push("");
    out.push(heading(`Pods (${pods.length})`));
    out.push(
      table(
        ["POD", "NODE", "IP", "GATEWAY", "NODE VETH"],
        podResources.map(({ pod }) => [
          `${pod.namespace}/${pod.name}`,
          pod.node,
          pod.ip,
          pod.gateway,
          pod.lxc,
        ]),
      ),
    );
  }
  return out.join("\n") + "\n";
}

function creates(stage: Stage): string {
  const n = stage.resources.length;
  switch (stage.id) {
    case "management":
      return stage.resources.map((r) => `management network ${r.subnet} (${managementShape(r)})`).join(", ");
    case "cluster-nodes":
      return stage.resources
        .map((r) => (r.kind === "kind-cluster" ? `kind cluster ${r.name} (${r.nodes.length} nodes)` : ""))
        .filter(Boolean)
        .concat(count(stage.resources.filter((r) => r.kind === "cluster-node").length, "Kubernetes node"))
        .join(", ");
    case "nodes": {
      const waves = new Set(stage.resources.map((r) => r.wave)).size;
      return `${count(n, "node")}${waves > 1 ? ` in ${waves} waves` : ""}`;
    }
    case "mgmt-attachments":
      return n > 0
        ? `${count(n, "eth0")} on the management bridge`
        : "nothing (nodes join the runtime's network)";
    case "links":
      return count(n, "veth pair");
    case "start-nodes":
      return `nothing: starts ${count(stage.nodes.length, "node")} (config, daemons, exec lines)`;
    case "cluster-workloads": {
      const hosts = stage.resources.filter((r) => r.kind === "cilium-host").length;
      const pods = stage.resources.filter((r) => r.kind === "pod").length;
      return n === 0
        ? "what Kubernetes decides: PodCIDRs and pods, read once the nodes are Ready"
        : `${count(hosts, "cilium_host pair")}, ${count(pods, "pod")} with their veths`;
    }
    case "speakers":
      return stage.skipped ?? count(n, "BGP speaker");
  }
}

function vethRows(plan: DeployPlan): string[][] {
  const end = (e: LinkEndPlan) =>
    `${e.node}:${e.ifname}${e.namespaceOf === e.node ? "" : ` (in ${e.namespaceOf})`}`;
  return [
    ...(stageOf(plan, "links")?.resources ?? []).map((r) => [r.id, end(r.a), end(r.b), String(r.mtu)]),
    ...(stageOf(plan, "cluster-workloads")?.resources ?? []).map((r) =>
      r.kind === "cilium-host"
        ? [r.id, `${r.node}:${r.ifnames[0]} ${r.gateway}/32`, `${r.node}:${r.ifnames[1]}`, String(r.mtu)]
        : [
            r.link.id,
            `${r.pod.name}:${r.link.podIfname} ${r.pod.ip}/32`,
            `${r.pod.node}:${r.link.nodeIfname}`,
            String(r.link.mtu),
          ],
    ),
  ];
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
