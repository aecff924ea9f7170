// The topology's part of the deploy plan: its nodes in creation waves, eth0 on the management
// bridge, and its links with the namespace each end is born in. Pure.
import { InternalError } from "../../errors.js";
import type { Lab } from "../../model/model.js";
import { nodeResourceId } from "../../state/resources.js";
import type { LinkEndPlan, LinkResource, MgmtAttachmentResource, NodeResource } from "./types.js";

/**
 * Waves: a node sharing another's network namespace (network-mode container:X) is created in the
 * wave after X; the Kubernetes nodes exist before every wave. Within a wave, topology order.
 */
export function planTopologyNodes(
  lab: Lab,
  deployable: ReadonlySet<string>,
  clusterNodes: ReadonlySet<string>,
  mgmtAddresses: ReadonlyMap<string, string>,
): NodeResource[] {
  const waves = new Map<string, number>();
  let pending = lab.topology.nodes.filter((n) => deployable.has(n.name));
  for (let wave = 0; pending.length > 0; wave++) {
    const ready = pending.filter(
      (n) =>
        n.networkMode.type !== "container" ||
        clusterNodes.has(n.networkMode.target) ||
        waves.has(n.networkMode.target),
    );
    if (ready.length === 0) throw new InternalError("network-mode dependencies form a cycle");
    for (const n of ready) waves.set(n.name, wave);
    pending = pending.filter((n) => !waves.has(n.name));
  }
  return lab.topology.nodes
    .flatMap((n) => {
      const wave = waves.get(n.name);
      if (wave === undefined) return [];
      const address = mgmtAddresses.get(n.name);
      const resource: NodeResource = {
        kind: "node",
        id: nodeResourceId(n.name),
        node: n.name,
        wave,
        ...(n.networkMode.type === "container" && { joins: n.networkMode.target }),
        ...(address !== undefined && { mgmtAddress: address }),
      };
      return [resource];
    })
    .sort((x, y) => x.wave - y.wave);
}

/** An eth0 for every node that has a management address and will exist. */
export function planMgmtAttachments(
  addresses: ReadonlyMap<string, string>,
  existing: ReadonlySet<string>,
): MgmtAttachmentResource[] {
  return [...addresses]
    .filter(([node]) => existing.has(node))
    .map(([node, address]) => ({ kind: "mgmt-attachment", id: `mgmt:${node}`, node, address }));
}

/** One veth pair per link, each end born in the namespace its node lives in. */
export function planLinks(lab: Lab): LinkResource[] {
  return lab.topology.links.map((link) => {
    const [a, b] = link.endpoints;
    const end = (e: typeof a): LinkEndPlan => ({
      node: e.node,
      ifname: e.iface,
      namespaceOf: namespaceOwner(lab, e.node),
    });
    return { kind: "link", id: `link:${a.node}:${a.iface}`, a: end(a), b: end(b), mtu: link.mtu };
  });
}

/** The node whose network namespace `name` lives in (itself, or the target of container:X). */
function namespaceOwner(lab: Lab, name: string, seen = new Set<string>()): string {
  const node = lab.topology.nodes.find((n) => n.name === name);
  if (!node || node.networkMode.type !== "container" || seen.has(name)) return name;
  seen.add(name);
  return namespaceOwner(lab, node.networkMode.target, seen);
}
