// The emulated cluster provider (DESIGN.md §3, the default on the netns runtime): every
// Kubernetes node is a runtime node named exactly as kind names it, every pod a runtime node
// behind a veth into its node, networked as Cilium's native routing would. No kubelet, no API
// server: what fabric emulates is what the fabric sees of a cluster — node IPs, PodCIDRs, pods,
// routes and the BGP speaker.
//
// Every piece is written to the lab record before it is created, so destroy removes it.
import { settleAll } from "../../util/settle.js";
import { FabricError, InternalError } from "../../errors.js";
import type { LabRecord } from "../../state/state-store.js";
import type { ProcessRecord } from "../../state/processes.js";
import type { Progress } from "../../state/progress.js";
import { nodeResourceId, podResourceId } from "../../state/resources.js";
import type { Wiring } from "../../state/wiring.js";
import { planVeth } from "../../links/veth.js";
import type { NodeRecord, NodeSpec, PrivateDir, Runtime } from "../../runtime/types.js";
import type { Cluster, ClusterNode } from "../../model/model.js";
import { CILIUM_HOST, CILIUM_NET, POD_IFNAME } from "../names.js";
import { nodeGateway, type PodPlan } from "../pod-plan.js";
import { ciliumHostArgvs, FORWARDING_ARGV, nodeSideArgvs, podSideArgvs, type Argv } from "./netconf.js";
import { hostCommand } from "./pod-command.js";

/** A kind node is a container with its own /tmp; the speaker needs nothing else private. */
const CLUSTER_NODE_DIRS: readonly PrivateDir[] = [{ target: "/tmp", copyContents: false }];
const POD_DIRS: readonly PrivateDir[] = [{ target: "/tmp", copyContents: false }];
/** Cilium's default MTU for pod veths in native routing on a 1500-byte network. */
export const POD_MTU = 1500;

export interface ClusterContext {
  readonly lab: string;
  readonly cluster: Cluster;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly wiring: Wiring;
  readonly progress: Progress;
}

export function clusterNodeSpec(lab: string, node: ClusterNode): NodeSpec {
  return { lab, name: node.name, hostname: node.name, env: {}, binds: [], privateDirs: CLUSTER_NODE_DIRS };
}

export function podSpec(lab: string, pod: PodPlan): NodeSpec {
  return { lab, name: pod.name, hostname: pod.name, env: {}, binds: [], privateDirs: POD_DIRS };
}

/** Creates the Kubernetes nodes, concurrently; they exist before any topology node joins them. */
export async function createClusterNodes(ctx: ClusterContext): Promise<Map<string, NodeRecord>> {
  const created = new Map<string, NodeRecord>();
  await settleAll(
    ctx.cluster.nodes.map(async (node) => {
      created.set(
        node.name,
        await createRecorded(ctx, nodeResourceId(node.name), clusterNodeSpec(ctx.lab, node)),
      );
    }),
  );
  return created;
}

/** Forwarding, and the cilium_host/cilium_net pair with the router address, in every Kubernetes node. */
export async function configureClusterNodes(
  ctx: ClusterContext,
  nodes: ReadonlyMap<string, NodeRecord>,
): Promise<void> {
  await settleAll(
    ctx.cluster.nodes.map(async (node) => {
      const record = requireRecord(nodes, node.name);
      ctx.progress.node(node.name, `${CILIUM_HOST} ${nodeGateway(node)}`);
      await execAll(ctx.runtime, record, [FORWARDING_ARGV]);
      const netns = ctx.runtime.netnsPath(record);
      const pair = planVeth(
        { node: node.name, netns, ifname: CILIUM_HOST },
        { node: node.name, netns, ifname: CILIUM_NET },
        POD_MTU,
      );
      ctx.record.add({ type: "wiring", id: `cilium-host:${node.name}`, record: pair });
      await ctx.wiring.create(pair);
      await execAll(ctx.runtime, record, ciliumHostArgvs(nodeGateway(node)));
    }),
  );
}

/**
 * Each pod: its namespaces, its veth (eth0 in the pod, lxc… in the node), addresses and routes on
 * both sides, then its command. Pods of different nodes come up concurrently.
 */
export async function startPods(
  ctx: ClusterContext,
  nodes: ReadonlyMap<string, NodeRecord>,
  pods: readonly PodPlan[],
): Promise<void> {
  await settleAll(
    pods.map(async (pod) => {
      const node = requireRecord(nodes, pod.node);
      ctx.progress.node(pod.node, `pod ${pod.name} ${pod.ip}`);
      const record = await createRecorded(ctx, podResourceId(pod.name), podSpec(ctx.lab, pod));
      const veth = planVeth(
        { node: pod.name, netns: ctx.runtime.netnsPath(record), ifname: POD_IFNAME },
        { node: pod.node, netns: ctx.runtime.netnsPath(node), ifname: pod.lxc },
        POD_MTU,
      );
      ctx.record.add({ type: "wiring", id: `pod-link:${pod.name}`, record: veth });
      await ctx.wiring.create(veth);
      await execAll(ctx.runtime, node, nodeSideArgvs(pod));
      await execAll(ctx.runtime, record, podSideArgvs(pod));
      await startPodCommand(ctx, record, pod);
    }),
  );
}

/**
 * A pod is Running when its namespaces are up and its command runs (a pod without a command would
 * run its image's entrypoint, which this runtime does not have: such a pod holds only its
 * namespaces, and `fabric get pods` says so).
 */
async function startPodCommand(ctx: ClusterContext, record: NodeRecord, pod: PodPlan): Promise<void> {
  if (pod.command.length === 0) return;
  const argv = hostCommand(pod.command);
  const id = `pod-command:${pod.name}`;
  const planned: ProcessRecord = { purpose: "pod", node: record, argv };
  ctx.record.add({ type: "process", id, record: planned });
  const spawned = await ctx.runtime.spawn(record, argv);
  ctx.record.update(id, {
    ...planned,
    ref: spawned.ref,
    logFile: spawned.logFile,
    startedAt: new Date().toISOString(),
  });
}

async function createRecorded(ctx: ClusterContext, id: string, spec: NodeSpec): Promise<NodeRecord> {
  ctx.record.add({ type: "node", id, record: ctx.runtime.plan(spec) });
  const done = await ctx.runtime.create(spec, { onProgress: (r) => ctx.record.update(id, r) });
  ctx.record.update(id, done);
  return done;
}

async function execAll(runtime: Runtime, node: NodeRecord, argvs: readonly Argv[]): Promise<void> {
  for (const argv of argvs) {
    const r = await runtime.exec(node, argv);
    if (r.exitCode !== 0) {
      throw new FabricError(
        "k8s-net-failed",
        `node ${node.name}: ${argv.join(" ")} exited with ${r.exitCode}: ${r.stderr.trim()}`,
      );
    }
  }
}

function requireRecord(nodes: ReadonlyMap<string, NodeRecord>, name: string): NodeRecord {
  const r = nodes.get(name);
  if (!r) throw new InternalError(`Kubernetes node ${name} was not created`);
  return r;
}
