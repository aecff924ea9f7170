// The text form of `fabric validate`: the resolved plan, section by section.
import type { LabSummary } from "./summary.js";
import type { NodeRole } from "../../model/roles.js";
import { heading, table } from "../output.js";

const ROLE_TITLES: Record<NodeRole, string> = {
  router: "routers",
  host: "hosts",
  bridge: "bridges",
  cluster: "Kubernetes clusters",
  attached: "attached to Kubernetes nodes",
};

export function renderLabPlan(s: LabSummary): string {
  const out: string[] = [];
  out.push(heading(`Lab ${s.name}`) + `  (topology ${s.topology.name}, management ${s.topology.mgmtSubnet})`);
  out.push("");

  out.push(heading(`Nodes (${s.nodes.length})`));
  const byRole = new Map<NodeRole, typeof s.nodes>();
  for (const n of s.nodes) byRole.set(n.role, [...(byRole.get(n.role) ?? []), n]);
  out.push(
    table(
      ["ROLE", "COUNT", "NODES"],
      [...byRole].map(([role, nodes]) => [
        ROLE_TITLES[role],
        String(nodes.length),
        nodes.map((n) => (n.sharesNetworkWith ? `${n.name} → ${n.sharesNetworkWith}` : n.name)).join(", "),
      ]),
    ),
  );
  out.push("");

  out.push(heading(`Links (${s.links.length})`));
  out.push(
    table(
      ["A", "B", "MTU"],
      s.links.map((l) => [l.a, l.b, String(l.mtu)]),
    ),
  );

  if (s.cluster) {
    out.push("");
    out.push(
      heading(
        `Kubernetes cluster ${s.cluster.name} (${s.cluster.nodes.length} nodes, ${s.cluster.ipFamily === "ipv4" ? "" : `${s.cluster.ipFamily === "dual" ? "dual-stack" : "IPv6"}, `}podSubnet ${s.cluster.podSubnets.join(",")})`,
      ),
    );
    out.push(
      table(
        ["NODE", "ROLE", "RACK", "NODE IP", "PODCIDR"],
        s.cluster.nodes.map((n) => [n.name, n.role, n.rack ?? "-", n.nodeIP ?? "-", n.podCIDRs.join(", ")]),
      ),
    );
  }

  if (s.sessions.length > 0) {
    out.push("");
    out.push(heading(`BGP sessions from Kubernetes nodes (${s.sessions.length})`));
    out.push(
      table(
        ["NODE", "LOCAL AS", "ROUTER ID", "PEER", "PEER AS", "FAMILIES", "ADVERTISES"],
        s.sessions.map((x) => [
          x.node,
          String(x.localASN),
          x.routerId,
          x.peerPort === 179 ? x.peerAddress : `${x.peerAddress}:${x.peerPort}`,
          x.peerASN === 0 ? "any" : String(x.peerASN),
          x.families.join(" "),
          x.advertises.length ? x.advertises.join("; ") : "nothing",
        ]),
      ),
    );
  }

  if (s.workloads.length > 0) {
    out.push("");
    out.push(heading(`Workloads (${s.workloads.length})`));
    out.push(
      table(
        ["KIND", "NAME", "IMAGE", "NODES"],
        s.workloads.map((w) => [w.kind, w.name, w.image ?? "-", w.nodes.join(", ") || "none"]),
      ),
    );
  }

  if (s.conditions.length > 0) {
    out.push("");
    out.push(heading("BGP conditions"));
    out.push(
      table(
        ["RESOURCE", "CONDITION", "MESSAGE"],
        s.conditions.map((c) => [c.resource, c.type, c.message]),
      ),
    );
  }
  return out.join("\n") + "\n";
}
