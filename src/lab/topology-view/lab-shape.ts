// The part of the picture the lab record alone decides: which vertices exist (routers, hosts,
// Kubernetes nodes, pods), which rack each sits in, and the veth links between them with the
// faults in force. No I/O: the live status is laid over it by sessions.ts and collect.ts.
import { linkKey } from "../../faults/peer-end.js";
import { activeFaults } from "../../state/active-faults.js";
import { DeployedLab } from "../../state/deployed-lab.js";
import { isFrozen } from "../../state/frozen.js";
import { labInfo } from "../../state/lab-info.js";
import type { LabState } from "../../state/state-store.js";
import type { GraphLink, GraphNode, GraphNodeKind } from "./types.js";

export interface LabShape {
  readonly nodes: readonly GraphNode[];
  readonly links: readonly GraphLink[];
  /** Every name a link record or a peer may use → the vertex id drawn for it. */
  readonly vertexOf: ReadonlyMap<string, string>;
}

export function labShape(lab: LabState): LabShape {
  const info = labInfo(lab);
  const cluster = info.cluster;
  const vertexOf = new Map<string, string>();
  // A node in another node's namespace (srv-worker in kind-worker's) is drawn as that node.
  for (const n of info.nodes) vertexOf.set(n.name, n.sharesNetworkWith ?? n.name);
  for (const p of cluster?.pods ?? []) vertexOf.set(p.name, `pod/${p.name}`);
  const members = new Map<string, string[]>();
  for (const n of info.nodes)
    if (n.sharesNetworkWith)
      members.set(n.sharesNetworkWith, [...(members.get(n.sharesNetworkWith) ?? []), n.name]);

  const clusterNode = new Map((cluster?.nodes ?? []).map((n) => [n.name, n]));
  const faults = activeFaults(lab);
  const links: GraphLink[] = [];
  for (const l of new DeployedLab(lab).vethLinks()) {
    const a = vertexOf.get(l.a.node) ?? l.a.node;
    const b = vertexOf.get(l.b.node) ?? l.b.node;
    if (a === b) continue; // cilium_host ↔ cilium_net: inside one node, not a link of the fabric
    const key = linkKey(l);
    const fault = faults.find((f) => f.key === key);
    const frozenEnd = [a, b].some((v) => isFrozen(lab, v));
    links.push({
      id: key,
      a: { node: a, iface: l.a.ifname },
      b: { node: b, iface: l.b.ifname },
      state: fault || frozenEnd ? "down" : "up",
      ...(fault && { fault: fault.detail }),
    });
  }

  // Racks: a Kubernetes node's label; a router whose Kubernetes neighbours share one rack is its ToR.
  const rackOf = new Map<string, string>();
  for (const n of cluster?.nodes ?? []) {
    const rack = n.labels["rack"];
    if (rack !== undefined) rackOf.set(n.name, rack);
  }
  const neighbours = (v: string) =>
    links.flatMap((l) => (l.a.node === v ? [l.b.node] : l.b.node === v ? [l.a.node] : []));
  const nodes: GraphNode[] = [];
  for (const n of info.nodes) {
    if (n.sharesNetworkWith) continue;
    const cn = clusterNode.get(n.name);
    let kind: GraphNodeKind = cn ? "k8s-node" : n.role === "router" ? "router" : "host";
    if (n.role === "cluster") kind = "k8s-node";
    let rack = rackOf.get(n.name);
    if (rack === undefined && kind !== "k8s-node") {
      const racks = new Set(neighbours(n.name).flatMap((p) => rackOf.get(p) ?? []));
      if (racks.size === 1) rack = [...racks][0];
    }
    const addresses = [n.mgmtAddress, cn?.nodeIP, cn?.podCIDR].filter((a): a is string => a !== undefined);
    nodes.push({
      id: n.name,
      name: n.name,
      kind,
      role: kind === "router" ? (rack === undefined ? "spine" : "tor") : (cn?.role ?? n.role),
      ...(rack !== undefined && { rack }),
      addresses,
      members: members.get(n.name) ?? [],
      frozen: isFrozen(lab, n.name),
    });
  }
  for (const p of cluster?.pods ?? []) {
    const rack = rackOf.get(p.node);
    nodes.push({
      id: `pod/${p.name}`,
      name: p.name,
      kind: "pod",
      role: "pod",
      parent: p.node,
      ...(rack !== undefined && { rack }),
      addresses: [p.ip],
      members: [],
      frozen: false,
    });
  }
  return { nodes, links, vertexOf };
}
