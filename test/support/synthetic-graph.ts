// A graph snapshot of a made-up leaf-spine fabric of any size, in /api/graph's shape: for the
// page's behaviour at scale (collapsed racks) without deploying a thousand namespaces.
import type { GraphNode, GraphSession, GraphSnapshot } from "../../src/lab/topology-view/types.js";

export function syntheticFabric(spines: number, racks: number, nodesPerRack: number): GraphSnapshot {
  const nodes: GraphNode[] = [];
  const sessions: GraphSession[] = [];
  const links: GraphSnapshot["links"][number][] = [];
  const end = (node: string, peer: string) =>
    ({
      node,
      peer,
      source: "frr",
      reported: "Established",
      state: "established",
      received: 1,
      advertised: 1,
    }) as const;
  const base = { addresses: [], members: [], frozen: false } as const;
  for (let s = 0; s < spines; s++)
    nodes.push({ ...base, id: `spine${s}`, name: `spine${s}`, kind: "router", role: "spine", asn: 65000 });
  for (let r = 0; r < racks; r++) {
    const tor = `tor${r}`;
    const rack = `rack${r}`;
    nodes.push({ ...base, id: tor, name: tor, kind: "router", role: "tor", rack, asn: 65100 + r });
    for (let s = 0; s < spines; s++) {
      links.push({
        id: `l-${tor}-${s}`,
        a: { node: `spine${s}`, iface: `net${r}` },
        b: { node: tor, iface: `net${s}` },
        state: "up",
      });
      sessions.push({
        id: `spine${s}~${tor}`,
        a: `spine${s}`,
        b: tor,
        state: "established",
        ends: [end(`spine${s}`, `net${r}`), end(tor, `net${s}`)],
      });
    }
    for (let n = 0; n < nodesPerRack; n++) {
      const node = `r${r}n${n}`;
      nodes.push({ ...base, id: node, name: node, kind: "k8s-node", role: "worker", rack, asn: 65100 + r });
      links.push({
        id: `l-${node}`,
        a: { node: tor, iface: `net${spines + n}` },
        b: { node, iface: "net0" },
        state: "up",
      });
      sessions.push({
        id: `${node}~${tor}`,
        a: node,
        b: tor,
        state: "established",
        ends: [end(tor, node), end(node, tor)],
      });
    }
  }
  return {
    lab: "synthetic",
    at: new Date(0).toISOString(),
    nodes,
    links,
    sessions,
    faults: [],
    problems: [],
  };
}
