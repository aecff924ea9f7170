// Host networking of a lab: the management network and the topology's links. Each piece is
// written to the lab record before it is made.
import { InternalError } from "../errors.js";
import { planMgmtAttachment, planMgmtNetwork } from "../links/mgmt.js";
import type { MgmtNetworkRecord } from "../links/types.js";
import { planVeth } from "../links/veth.js";
import type { ManagedNetworkRecord, NodeRecord, Runtime } from "../runtime/types.js";
import type { Lab } from "../model/model.js";
import type { LabRecord } from "../state/state-store.js";
import type { Wiring } from "../state/wiring.js";

export interface WireContext {
  readonly lab: Lab;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly wiring: Wiring;
}

/** Which management network the lab got. */
export type Management =
  /** The host bridge of links/mgmt.ts: each node is attached to it once it exists. */
  | { readonly type: "host-bridge"; readonly net: MgmtNetworkRecord }
  /** The runtime's own (docker): nodes join it when created. */
  | { readonly type: "runtime"; readonly net: ManagedNetworkRecord };

export async function createManagement(ctx: WireContext, subnet: string): Promise<Management> {
  const runtimeNet = ctx.runtime.managementNetwork;
  const own = runtimeNet?.plan(ctx.lab.name, subnet);
  if (runtimeNet && own) {
    ctx.record.add({ type: "runtime-network", id: "mgmt-network", record: own });
    await runtimeNet.create(own);
    return { type: "runtime", net: own };
  }
  const net = planMgmtNetwork(ctx.lab.name, subnet);
  ctx.record.add({ type: "wiring", id: "mgmt-network", record: net });
  await ctx.wiring.create(net);
  return { type: "host-bridge", net };
}

/** On the host bridge: an eth0 for every created node that has a management address. */
export async function attachManagement(
  ctx: WireContext,
  mgmt: Management,
  addresses: ReadonlyMap<string, string>,
  created: ReadonlyMap<string, NodeRecord>,
): Promise<void> {
  if (mgmt.type === "runtime") return;
  for (const [name, address] of addresses) {
    const node = created.get(name);
    if (!node) continue;
    const att = planMgmtAttachment(mgmt.net, { node: name, netns: ctx.runtime.netnsPath(node) }, address);
    ctx.record.add({ type: "wiring", id: `mgmt:${name}`, record: att });
    await ctx.wiring.create(att);
  }
}

/** One veth pair per link, each end born in the namespace its node lives in. */
export async function wireLinks(ctx: WireContext, created: ReadonlyMap<string, NodeRecord>): Promise<void> {
  for (const link of ctx.lab.topology.links) {
    const [a, b] = link.endpoints;
    const end = (e: typeof a) => {
      const owner = created.get(namespaceOwner(ctx.lab, e.node));
      if (!owner) throw new InternalError(`no namespace for ${e.node}`);
      return { node: e.node, netns: ctx.runtime.netnsPath(owner), ifname: e.iface };
    };
    const veth = planVeth(end(a), end(b), link.mtu);
    ctx.record.add({ type: "wiring", id: `link:${a.node}:${a.iface}`, record: veth });
    await ctx.wiring.create(veth);
  }
}

/** The node whose network namespace `name` lives in (itself, or the target of container:X). */
function namespaceOwner(lab: Lab, name: string, seen = new Set<string>()): string {
  const node = lab.topology.nodes.find((n) => n.name === name);
  if (!node || node.networkMode.type !== "container" || seen.has(name)) return name;
  seen.add(name);
  return namespaceOwner(lab, node.networkMode.target, seen);
}
