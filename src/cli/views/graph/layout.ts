// What a picture of a lab shows, independent of the drawing language: vertices grouped by rack or
// role, and edges labelled with the interface names at both ends. A node that only borrows another
// node's network namespace (containerlab's `network-mode: container:X`) is drawn as part of X,
// because that is where its interfaces live.
import type { Lab } from "../../../model/model.js";
import { nodeRole } from "../../../model/roles.js";

export interface Vertex {
  readonly id: string;
  readonly name: string;
  /** Second line: role and addresses. */
  readonly detail: string;
  /** Topology nodes drawn inside this vertex (they share its network namespace). */
  readonly members: readonly string[];
}

export interface Group {
  readonly id: string;
  readonly title: string;
  readonly vertices: readonly Vertex[];
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** A BGP session rather than a cable (drawn dotted); absent: a link. */
  readonly kind?: "session";
}

export interface Layout {
  readonly title: string;
  readonly groups: readonly Group[];
  readonly edges: readonly Edge[];
}

export function layoutLab(lab: Lab): Layout {
  // Which vertex each topology node is drawn as: itself, or the node whose namespace it shares.
  const vertexOf = new Map<string, string>();
  const resolveTarget = (name: string, seen = new Set<string>()): string => {
    const node = lab.topology.nodes.find((n) => n.name === name);
    if (!node || node.networkMode.type !== "container" || seen.has(name)) return name;
    seen.add(name);
    return resolveTarget(node.networkMode.target, seen);
  };
  for (const n of lab.topology.nodes) vertexOf.set(n.name, resolveTarget(n.name));

  const members = new Map<string, string[]>();
  for (const [node, vertex] of vertexOf) {
    if (node !== vertex) members.set(vertex, [...(members.get(vertex) ?? []), node]);
  }

  const rackOf = new Map<string, string>();
  const details = new Map<string, string>();
  for (const n of lab.cluster?.nodes ?? []) {
    rackOf.set(n.name, n.labels["rack"] ?? "cluster");
    details.set(n.name, [n.role, n.nodeIP, n.podCIDR].filter(Boolean).join(" · "));
  }
  const roleOf = new Map<string, string>();
  for (const n of lab.topology.nodes) {
    if (vertexOf.get(n.name) !== n.name) continue;
    const role = nodeRole(n);
    roleOf.set(n.name, role);
    details.set(n.name, [role === "router" ? "router" : n.kind, n.mgmtIpv4].filter(Boolean).join(" · "));
  }

  const edges: Edge[] = lab.topology.links.map((l) => {
    const [a, b] = l.endpoints;
    return {
      from: vertexOf.get(a.node) ?? a.node,
      to: vertexOf.get(b.node) ?? b.node,
      label: `${a.iface} ↔ ${b.iface}`,
    };
  });

  // A router or host whose cluster-node neighbours all sit in one rack is that rack's ToR.
  for (const name of roleOf.keys()) {
    const racks = new Set(
      edges
        .flatMap((e) => (e.from === name ? [e.to] : e.to === name ? [e.from] : []))
        .map((peer) => rackOf.get(peer))
        .filter((r): r is string => r !== undefined),
    );
    const only = [...racks][0];
    if (racks.size === 1 && only !== undefined) rackOf.set(name, only);
  }

  // Without rack labels, a router with hosts behind it is a leaf: it and the hosts that hang off
  // it alone form one group, so a plain leaf-spine topology still draws as racks.
  const neighbours = (name: string) =>
    edges.flatMap((e) => (e.from === name ? [e.to] : e.to === name ? [e.from] : []));
  const leafOf = new Map<string, string>();
  for (const [name, role] of roleOf) {
    if (role !== "router" || rackOf.has(name)) continue;
    const hosts = neighbours(name).filter((n) => roleOf.get(n) === "host" && !rackOf.has(n));
    const own = hosts.filter((h) => neighbours(h).every((n) => n === name || roleOf.get(n) !== "router"));
    if (own.length === 0) continue;
    for (const v of [name, ...own]) leafOf.set(v, name);
  }

  const groupTitle = (vertex: string): string => {
    const rack = rackOf.get(vertex);
    if (rack !== undefined) return rack === "cluster" ? "cluster" : `rack ${rack}`;
    const leaf = leafOf.get(vertex);
    if (leaf !== undefined) return `leaf ${leaf}`;
    const role = roleOf.get(vertex);
    return role === "router" ? "spine" : role === "cluster" ? "clusters" : "hosts";
  };
  const order: string[] = [];
  const grouped = new Map<string, Vertex[]>();
  const allVertices = [...new Set([...roleOf.keys(), ...(lab.cluster?.nodes.map((n) => n.name) ?? [])])];
  for (const name of allVertices) {
    const title = groupTitle(name);
    if (!grouped.has(title)) {
      grouped.set(title, []);
      order.push(title);
    }
    grouped.get(title)?.push({
      id: name,
      name,
      detail: details.get(name) ?? "",
      members: members.get(name) ?? [],
    });
  }
  // Spine first, racks in name order, the rest after.
  const rank = (t: string) => (t === "spine" ? 0 : t.startsWith("rack ") || t.startsWith("leaf ") ? 1 : 2);
  order.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return {
    title: lab.name,
    groups: order.map((title) => ({
      id: title.replace(/[^A-Za-z0-9]+/g, "_"),
      title,
      vertices: grouped.get(title) ?? [],
    })),
    edges,
  };
}
