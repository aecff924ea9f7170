// `kind: linux`: a plain Linux node. On the netns runtime it runs the host's binaries, so a
// containerlab linux node built on an FRR image works unchanged: its exec lines start FRR in the
// node's private /etc/frr and /var/run/frr.
import type { NodeRecord, NodeSpec } from "../runtime/types.js";
import type { TopologyNode } from "../model/model.js";
import { nodeRole } from "../model/roles.js";
import { FORWARDING_LINE, runExecLines } from "./exec-lines.js";
import { persistFrrConfig } from "./frr-persist.js";
import { mustExec } from "./must-exec.js";
import { NODE_PRIVATE_DIRS, type NodeContext, type NodeKindHandler } from "./types.js";
import { vtyshArgv, isVtyshCommand } from "./vtysh.js";

export function baseNodeSpec(lab: string, node: TopologyNode, sharesNetworkWith?: NodeRecord): NodeSpec {
  return {
    lab,
    name: node.name,
    hostname: node.name,
    ...(sharesNetworkWith ? { sharesNetworkWith } : {}),
    env: node.env,
    binds: node.binds.map((b) => ({ source: b.source, target: b.target, readOnly: b.readOnly })),
    privateDirs: NODE_PRIVATE_DIRS,
    // What a container runtime runs the node from; the netns runtime ignores them.
    ...(node.image !== undefined && { image: node.image }),
    ...(node.cmd !== undefined && { cmd: node.cmd }),
    ...(node.entrypoint !== undefined && { entrypoint: node.entrypoint }),
    labels: node.labels,
  };
}

/**
 * Whether a node turns forwarding on in its network namespace: not on the host's (network-mode
 * host), and not when it shares another node's (network-mode container:X), whose owner turns it
 * on itself (a linux or FRR node here, a Kubernetes node in its provider). Two writes of net.ipv4.ip_forward=1 at once in one namespace
 * can leave it half on: the kernel's handler stores the value, and when rtnl is busy (links being
 * wired beside it) puts the old one back and restarts the write; a second writer that read the
 * value stored in between finds nothing to change, and the first, restarted, finds it already 1,
 * so neither applies it to the interfaces. Seen in the reference lab (repro-first-ping.mjs, 3
 * rounds of 53 with reflab's concurrent deploy): `ip_forward` 1, `conf/default` and every
 * interface of kind-worker 0 (srv-worker shares its namespace), and a pod's pings dropped there
 * for good, counted as IpInAddrErrors, with no ICMP error back. Alone, on kernel 6.18, with veths
 * made and removed beside it: two writers left it so in 12 fresh namespaces of 300, one in 0.
 */
export function setsForwarding(node: TopologyNode): boolean {
  // network-mode host: the namespace is the host's own, which a lab leaves as it found it (IPv6
  // forwarding on would also stop the host's interfaces from accepting router advertisements).
  return node.networkMode.type !== "container" && node.networkMode.type !== "host";
}

/** Forwarding alone, for a node that runs something before its exec lines (FRR). */
export async function enableForwarding(ctx: NodeContext): Promise<void> {
  if (!setsForwarding(ctx.node)) return;
  await mustExec(ctx.runtime, ctx.record, ["sh", "-c", FORWARDING_LINE], "sysctl-failed");
}

export const linuxKind: NodeKindHandler = {
  kind: "linux",
  nodeSpec: baseNodeSpec,
  async start(ctx: NodeContext) {
    await runExecLines(ctx, ctx.node.exec, { forwarding: setsForwarding(ctx.node) });
    if (nodeRole(ctx.node) === "router") await saveRouterConfig(ctx);
  },
  execArgv(node, argv) {
    // A linux node that runs FRR is a router: `fabric exec tor0 show bgp summary` means vtysh.
    return nodeRole(node) === "router" && isVtyshCommand(argv) ? vtyshArgv(argv) : argv;
  },
};

/** A router's vtysh exec lines survive a bgpd restart by watchfrr (frr-persist.ts). */
export async function saveRouterConfig(ctx: NodeContext): Promise<void> {
  const outcome = await persistFrrConfig(ctx.runtime, ctx.record);
  if (outcome === "saved") ctx.progress("saved FRR's running config (a restarted daemon reloads it)");
  if (outcome === "failed")
    ctx.progress("could not save FRR's running config: a restarted bgpd would come back without it");
}
