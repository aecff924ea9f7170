// The emulated cluster provider (DESIGN.md §3, the default on the netns runtime): every
// Kubernetes node is a runtime node named exactly as kind names it, every pod a runtime node
// behind a veth into its node, networked as Cilium's native routing would. No kubelet, no API
// server: what fabric emulates is what the fabric sees of a cluster — node IPs, PodCIDRs, pods,
// routes and the BGP speaker. It creates what the plan lists (k8s/cluster-plan.ts), each piece
// through the deploy's Ledger.
import { settleAll } from "../../util/settle.js";
import { FabricError, InternalError } from "../../errors.js";
import { planVeth } from "../../links/veth.js";
import type { NodeRecord, NodeSpec, PrivateDir, Runtime } from "../../runtime/types.js";
import type { ClusterContext, ClusterProvider } from "../cluster-provider.js";
import type { CiliumHostResource, PodResource } from "../cluster-plan.js";
import type { PodPlan } from "../pod-plan.js";
import {
  chainedArgv,
  ciliumHostArgvs,
  FORWARDING_ARGV,
  nodeSideArgvs,
  podSideArgvs,
  type Argv,
} from "./netconf.js";
import { clusterInfo } from "../cluster-info.js";
import { planServices } from "../services/plan.js";
import { programNodes } from "../services/program.js";

/** A kind node is a container with its own /tmp; the speaker needs nothing else private. */
const CLUSTER_NODE_DIRS: readonly PrivateDir[] = [{ target: "/tmp", copyContents: false }];
const POD_DIRS: readonly PrivateDir[] = [{ target: "/tmp", copyContents: false }];

/**
 * The image of an emulated Kubernetes node on a runtime that runs images (docker): fabric's own
 * FRR image (scripts/build-images.sh), for the ip, sysctl and iptables the node's networking
 * runs. Not the kind config's `image:` (kindest/node), which boots a kubelet and containerd under
 * systemd and needs privileges an emulated node has no use for. The netns runtime ignores it.
 */
export const CLUSTER_NODE_IMAGE = "fabric-frr:bookworm";

export function clusterNodeSpec(lab: string, node: string): NodeSpec {
  return {
    lab,
    name: node,
    hostname: node,
    image: CLUSTER_NODE_IMAGE,
    env: {},
    binds: [],
    privateDirs: CLUSTER_NODE_DIRS,
  };
}

/** A pod runs from its manifest's image where the runtime runs images. */
export function podSpec(lab: string, pod: Pick<PodPlan, "name" | "image">): NodeSpec {
  return {
    lab,
    name: pod.name,
    hostname: pod.name,
    ...(pod.image !== undefined && { image: pod.image }),
    env: {},
    binds: [],
    privateDirs: POD_DIRS,
  };
}

export const emulatedProvider: ClusterProvider = {
  name: "emulated",
  async check() {},

  /** Every node from CLUSTER_NODE_IMAGE; each workload's pods from the workload's image. */
  imageSpecs(lab) {
    return [
      ...(lab.cluster?.nodes ?? []).map((n) => clusterNodeSpec(lab.name, n.name)),
      ...lab.workloads.map((w) =>
        podSpec(lab.name, { name: w.name, ...(w.image !== undefined && { image: w.image }) }),
      ),
    ];
  },

  /** Concurrently; they exist before any topology node joins them. */
  async createNodes(ctx, resources) {
    const created = new Map<string, NodeRecord>();
    const nodes = resources.flatMap((r) => (r.kind === "cluster-node" ? [r] : []));
    ctx.progress.phase(`Kubernetes nodes (${nodes.length})`);
    // Said once: where nodes are containers, not which image the kind config names.
    if (ctx.runtime.prepare && nodes.length > 0) {
      ctx.progress.note(
        `Kubernetes nodes run from ${CLUSTER_NODE_IMAGE} (emulated: no kubelet; the kind config's node image, kindest/node, is not used)`,
      );
    }
    await settleAll(
      nodes.map(async (r) => {
        created.set(r.node, await ctx.ledger.node(r.id, clusterNodeSpec(ctx.lab.name, r.node)));
      }),
    );
    return created;
  },

  /**
   * Every node's cilium_host pair, then the pods (pods of different nodes concurrently), then the
   * Services' load balancing in every node, with every pod that runs a command as an endpoint.
   */
  async startWorkloads(ctx, resources, nodes) {
    const hosts = resources.flatMap((r) => (r.kind === "cilium-host" ? [r] : []));
    const pods = resources.flatMap((r) => (r.kind === "pod" ? [r] : []));
    await settleAll(hosts.map((r) => configureNode(ctx, r, requireRecord(nodes, r.node))));
    await settleAll(pods.map((r) => startPod(ctx, r, requireRecord(nodes, r.pod.node))));
    const { cluster } = ctx.lab;
    if (!cluster || ctx.lab.services.length === 0) return { speakers: ctx.lab.speakers };
    ctx.progress.phase(`Services (${ctx.lab.services.length})`);
    const info = clusterInfo(
      cluster,
      pods.map((r) => r.pod),
      ctx.lab.speakers,
      "emulated",
      ctx.lab.services,
    );
    const plan = planServices(info, new Set(pods.filter((r) => r.command).map((r) => r.pod.name)));
    await programNodes(ctx.runtime, nodes, plan.rulesets);
    return { speakers: new Map([...ctx.lab.speakers, ...plan.speakers]) };
  },
};

/** The cilium_host/cilium_net pair, then forwarding and the router address on it. */
async function configureNode(ctx: ClusterContext, r: CiliumHostResource, node: NodeRecord): Promise<void> {
  ctx.progress.node(r.node, `${r.ifnames[0]} ${r.gateways.join(" ")}`);
  const netns = ctx.runtime.netnsPath(node);
  const pair = planVeth(
    { node: r.node, netns, ifname: r.ifnames[0] },
    { node: r.node, netns, ifname: r.ifnames[1] },
    r.mtu,
  );
  await ctx.ledger.wire(r.id, pair);
  await execAll(ctx.runtime, node, [FORWARDING_ARGV, ...ciliumHostArgvs(r.gateways)]);
}

/**
 * Its namespaces, its veth (eth0 in the pod, lxc… in the node), addresses and routes on both
 * sides, then its command. A pod is Running when its namespaces are up and its command runs (a
 * pod without a command would run its image's entrypoint, which this runtime does not have: such
 * a pod holds only its namespaces, and `fabric get pods` says so).
 */
async function startPod(ctx: ClusterContext, r: PodResource, node: NodeRecord): Promise<void> {
  const { pod } = r;
  ctx.progress.node(pod.node, `pod ${pod.name} ${pod.addresses.map((a) => a.ip).join(" ")}`);
  const record = await ctx.ledger.node(r.id, podSpec(ctx.lab.name, pod));
  const veth = planVeth(
    { node: pod.name, netns: ctx.runtime.netnsPath(record), ifname: r.link.podIfname },
    { node: pod.node, netns: ctx.runtime.netnsPath(node), ifname: r.link.nodeIfname },
    r.link.mtu,
  );
  await ctx.ledger.wire(r.link.id, veth);
  await execAll(ctx.runtime, node, nodeSideArgvs(pod));
  await execAll(ctx.runtime, record, podSideArgvs(pod));
  const command = r.command;
  if (!command) return;
  await ctx.ledger.process(command.id, { purpose: "pod", node: record, argv: command.argv }, () =>
    ctx.runtime.spawn(record, command.argv),
  );
}

/**
 * The commands in order, in one process in the node (chainedArgv): at a thousand nodes each
 * process started in a node is a few milliseconds of two busy cores.
 */
async function execAll(runtime: Runtime, node: NodeRecord, argvs: readonly Argv[]): Promise<void> {
  const r = await runtime.exec(node, chainedArgv(argvs));
  if (r.exitCode !== 0) {
    throw new FabricError(
      "k8s-net-failed",
      `node ${node.name}: ${argvs.map((a) => a.join(" ")).join(" && ")} exited with ${r.exitCode}: ${r.stderr.trim()}`,
    );
  }
}

function requireRecord(nodes: ReadonlyMap<string, NodeRecord>, name: string): NodeRecord {
  const r = nodes.get(name);
  if (!r) throw new InternalError(`Kubernetes node ${name} was not created`);
  return r;
}
