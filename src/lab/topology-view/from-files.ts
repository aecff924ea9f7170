// The picture of a lab drawn from its files alone, for `fabric graph DIR --format html|json|svg`
// without deploying: the same GraphSnapshot the live page draws, with every BGP session as the
// files configure it (state `configured`: nothing runs, so nothing is established or down). A
// session is a pair of vertices: an FRR neighbor by interface (unnumbered) is the link's far end,
// by address the node that holds it; a speaker's peer is the router that holds its address. FRR's
// side and the speaker's side of one session are drawn once. Pods are left out: which node runs
// which pod is the scheduler's choice, known only once the lab runs.
import type { Lab, TopologyNode } from "../../model/model.js";
import { readFrrBgp } from "../../model/bgp-peering/frr-bgp.js";
import { execAddresses, execLines, frrConfigLines } from "../../model/bgp-peering/router-sources.js";
import { nodeRole } from "../../model/roles.js";
import { formatIp } from "../../net/index.js";
import type { GraphLink, GraphNode, GraphNodeKind, GraphSession } from "./types.js";
import type { GraphSnapshot } from "./types.js";

export function fileSnapshot(lab: Lab, now: Date = new Date()): GraphSnapshot {
  const byName = new Map(lab.topology.nodes.map((n) => [n.name, n]));
  // A node in another node's namespace (network-mode container:X) is drawn as X.
  const vertexOf = (name: string, seen = new Set<string>()): string => {
    const n = byName.get(name);
    if (!n || n.networkMode.type !== "container" || seen.has(name)) return name;
    seen.add(name);
    return vertexOf(n.networkMode.target, seen);
  };
  const members = new Map<string, string[]>();
  for (const n of lab.topology.nodes) {
    const v = vertexOf(n.name);
    if (v !== n.name) members.set(v, [...(members.get(v) ?? []), n.name]);
  }

  const links: GraphLink[] = [];
  for (const l of lab.topology.links) {
    const [a, b] = l.endpoints;
    const va = vertexOf(a.node);
    const vb = vertexOf(b.node);
    if (va === vb) continue;
    links.push({
      id: `${a.node}:${a.iface}--${b.node}:${b.iface}`,
      a: { node: va, iface: a.iface },
      b: { node: vb, iface: b.iface },
      state: "up",
    });
  }

  const clusterNode = new Map((lab.cluster?.nodes ?? []).map((n) => [n.name, n]));
  const rackOf = new Map<string, string>();
  for (const n of lab.cluster?.nodes ?? []) {
    const rack = n.labels["rack"];
    if (rack !== undefined) rackOf.set(n.name, rack);
  }
  const neighbours = (v: string) =>
    links.flatMap((l) => (l.a.node === v ? [l.b.node] : l.b.node === v ? [l.a.node] : []));

  const routers = lab.topology.nodes.filter((n) => vertexOf(n.name) === n.name && nodeRole(n) === "router");
  const nodes: GraphNode[] = [];
  const drawn = new Set<string>();
  const add = (name: string, topo: TopologyNode | undefined): void => {
    if (drawn.has(name)) return;
    drawn.add(name);
    const cn = clusterNode.get(name);
    const role = topo ? nodeRole(topo) : "cluster";
    const kind: GraphNodeKind = cn || role === "cluster" ? "k8s-node" : role === "router" ? "router" : "host";
    let rack = rackOf.get(name);
    if (rack === undefined && kind !== "k8s-node") {
      const racks = new Set(neighbours(name).flatMap((p) => rackOf.get(p) ?? []));
      if (racks.size === 1) rack = [...racks][0];
    }
    nodes.push({
      id: name,
      name,
      kind,
      role: kind === "router" ? (rack === undefined ? "spine" : "tor") : (cn?.role ?? role),
      ...(rack !== undefined && { rack }),
      addresses: [topo?.mgmtIpv4, cn?.nodeIP, cn?.podCIDR].filter((a): a is string => a !== undefined),
      members: members.get(name) ?? [],
      frozen: false,
    });
  };
  for (const n of lab.topology.nodes) if (vertexOf(n.name) === n.name) add(n.name, n);
  for (const n of lab.cluster?.nodes ?? []) add(n.name, byName.get(n.name));

  // Who holds which address: routers from their exec lines, Kubernetes nodes by their node IP.
  const holder = new Map<string, string>();
  const execOf = new Map(routers.map((r) => [r.name, execLines(r, undefined)]));
  for (const [name, exec] of execOf)
    for (const a of execAddresses(exec)) holder.set(formatIp(a.address), name);
  for (const n of lab.cluster?.nodes ?? []) if (n.nodeIP) holder.set(n.nodeIP, n.name);
  for (const n of nodes) for (const a of n.addresses) if (!a.includes("/")) holder.set(a, n.id);

  const sessions = new Map<string, GraphSession>();
  const session = (
    a: string,
    b: string | undefined,
    peer: string,
    source: "frr" | "speaker",
    asn?: number,
  ) => {
    if (b === a) return;
    const id = b === undefined ? `${a}|${peer}` : [a, b].sort().join("|");
    if (sessions.has(id)) return;
    sessions.set(id, {
      id,
      a,
      ...(b !== undefined && { b }),
      state: "configured",
      ends: [
        {
          node: a,
          peer,
          source,
          reported: "configured",
          state: "configured",
          ...(asn !== undefined && { localAsn: asn }),
          received: 0,
          advertised: 0,
        },
      ],
    });
  };
  for (const r of routers) {
    const bgp = readFrrBgp(frrConfigLines(r, execOf.get(r.name) ?? [], (p) => p));
    if (!bgp) continue;
    for (const key of bgp.neighbors.keys()) {
      const overLink = links.find(
        (l) => (l.a.node === r.name && l.a.iface === key) || (l.b.node === r.name && l.b.iface === key),
      );
      const far = overLink
        ? overLink.a.node === r.name
          ? overLink.b.node
          : overLink.a.node
        : holder.get(key);
      // A key that is neither an interface of a link nor an address in the lab is a peer-group's name.
      if (far !== undefined) session(r.name, far, key, "frr", bgp.asn);
    }
  }
  for (const [node, speaker] of lab.speakers)
    for (const instance of speaker.instances)
      for (const peer of instance.peers)
        session(vertexOf(node), holder.get(peer.address), peer.address, "speaker", instance.localASN);

  return {
    lab: lab.name,
    at: now.toISOString(),
    nodes,
    links,
    sessions: [...sessions.values()],
    faults: [],
    problems: [],
  };
}
