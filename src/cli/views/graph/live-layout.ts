// A running lab's snapshot as a Layout, so Mermaid and DOT show what the page shows: vertices
// grouped by rack with their ASN, links with interface names, and each BGP session as an edge
// of its own labelled with its state.
import type { GraphSnapshot } from "../../../lab/topology-view/types.js";
import type { Edge, Group, Layout, Vertex } from "./layout.js";

export function snapshotLayout(s: GraphSnapshot): Layout {
  const groups = new Map<string, Vertex[]>();
  for (const n of s.nodes) {
    const title = n.rack !== undefined ? `rack ${n.rack}` : n.kind === "router" ? "spine" : "hosts";
    const detail = [
      n.kind === "pod" ? "pod" : n.role,
      n.asn !== undefined ? `AS ${n.asn}` : undefined,
      n.addresses.find((a) => !a.includes("/")) ?? n.addresses[0],
      n.frozen ? "frozen" : undefined,
    ]
      .filter(Boolean)
      .join(" · ");
    groups.set(title, [...(groups.get(title) ?? []), { id: n.id, name: n.name, detail, members: n.members }]);
  }
  const rank = (t: string) => (t === "spine" ? 0 : t.startsWith("rack ") ? 1 : 2);
  const ordered: Group[] = [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((title) => ({ id: title.replace(/[^A-Za-z0-9]+/g, "_"), title, vertices: groups.get(title) ?? [] }));
  const edges: Edge[] = [
    ...s.links.map((l) => ({
      from: l.a.node,
      to: l.b.node,
      label: `${l.a.iface} ↔ ${l.b.iface}${l.state === "down" ? " (down)" : ""}`,
    })),
    ...s.sessions.flatMap((x) =>
      x.b === undefined ? [] : [{ from: x.a, to: x.b, label: `BGP ${x.state}`, kind: "session" as const }],
    ),
  ];
  return { title: s.lab, groups: ordered, edges };
}
