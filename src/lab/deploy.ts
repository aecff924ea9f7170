// fabric deploy: files → model → running lab. Every resource is written to the lab state record
// before it is created, so a failure (or a kill) at any point can be undone by destroy. Nodes are
// created concurrently, in waves: a node sharing another's network namespace waits for it.
import { FabricError } from "../errors.js";
import { planVeth } from "../links/veth.js";
import { planMgmtAttachment, planMgmtNetwork } from "../links/mgmt.js";
import type { NodeRecord, NodeSpec, Runtime } from "../runtime/types.js";
import { nodeKindHandler } from "../nodes/registry.js";
import type { NodeKindHandler } from "../nodes/types.js";
import type { Lab, TopologyNode } from "../topology/model.js";
import { nodeRole } from "../topology/summary.js";
import { destroyLab } from "./destroy.js";
import type { DeployedNode, LabInfo } from "./lab-info.js";
import { chooseMgmtSubnet, planMgmtAddresses } from "./mgmt-plan.js";
import type { Progress } from "./progress.js";
import { nodeResourceId } from "./resources.js";
import { LabRecord, type StateStore } from "./state-store.js";
import { labInfo } from "./lab-info.js";
import { hostWiring, type Wiring } from "./wiring.js";
import type { ProcessControl } from "./processes.js";
import { settleAll } from "./settle.js";
import { waitForFrrNeighbors } from "./frr-ready.js";

/** How long speakers wait for FRR's neighbors to leave Idle; past it they start anyway. */
const FRR_READY_TIMEOUT_MS = 10_000;
import { planPods, type PodPlan } from "../k8s/pod-plan.js";
import {
  configureClusterNodes,
  createClusterNodes,
  startPods,
  type ClusterContext,
} from "../k8s/emulated/provider.js";
import { clusterInfo, clusterNodesAsDeployed } from "../k8s/cluster-info.js";
import { startSpeakers } from "../k8s/speakers.js";

export interface DeployOptions {
  readonly runtime: Runtime;
  readonly store: StateStore;
  readonly progress: Progress;
  /** Destroy an existing lab of the same name first. */
  readonly reconfigure?: boolean;
  /** Host networking; replaced in unit tests. */
  readonly wiring?: Wiring;
  /** Stops recorded processes on rollback; replaced in unit tests. */
  readonly processes?: ProcessControl;
  /** Start the Kubernetes nodes' BGP speakers (default true); without, the cluster has no BGP. */
  readonly speakers?: boolean;
}

export interface DeployResult {
  readonly lab: string;
  readonly nodes: readonly DeployedNode[];
  readonly durationMs: number;
}

export async function deployLab(lab: Lab, opts: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const handlers = checkDeployable(lab);
  // A runtime with images checks (or pulls) them all before anything is recorded or created.
  await opts.runtime.prepare?.(
    lab.topology.nodes.flatMap((n) => handlers.get(n.name)?.nodeSpec(lab.name, n) ?? []),
    opts.progress,
  );
  await handleExisting(lab.name, opts);

  const inUse = new Set(
    opts.store
      .list()
      .map((name) => opts.store.read(name))
      .flatMap((s) => (s ? [labInfo(s).mgmtSubnet] : []))
      .filter((s): s is string => s !== undefined),
  );
  const cluster = lab.cluster;
  const pods: PodPlan[] = cluster ? planPods(lab.name, cluster, lab.workloads) : [];
  checkPodNames(lab, pods);
  const mgmt = planMgmtAddresses(
    lab.topology,
    chooseMgmtSubnet(lab.topology, inUse),
    cluster?.nodes.map((n) => n.name),
  );
  const topologyNodes: DeployedNode[] = lab.topology.nodes.map((n) => ({
    name: n.name,
    kind: n.kind,
    role: nodeRole(n),
    labels: n.labels,
    ...(mgmt.addresses.get(n.name) ? { mgmtAddress: mgmt.addresses.get(n.name) } : {}),
    ...(n.networkMode.type === "container" ? { sharesNetworkWith: n.networkMode.target } : {}),
  }));
  const nodes = [...topologyNodes, ...(cluster ? clusterNodesAsDeployed(cluster, mgmt.addresses) : [])];
  const info: LabInfo = {
    topologyFile: lab.topology.file,
    mgmtSubnet: mgmt.subnet,
    nodes,
    ...(cluster && { cluster: clusterInfo(cluster, pods, lab.speakers) }),
  };
  const record = LabRecord.begin(opts.store, {
    lab: lab.name,
    source: lab.source,
    runtime: opts.runtime.name,
    meta: { ...info },
  });

  const wiring = opts.wiring ?? hostWiring;
  try {
    if (!opts.runtime.prepare)
      opts.progress.note(
        `runtime ${opts.runtime.name}: nodes run this host's binaries; images are not pulled`,
      );
    opts.progress.phase(`management network ${mgmt.subnet}`);
    const net = planMgmtNetwork(lab.name, mgmt.subnet);
    // A runtime with its own management network (docker) gets that, and nodes join it when
    // created; otherwise the host bridge, attached to each node once it exists.
    const runtimeNet = opts.runtime.managementNetwork;
    const ownNet = runtimeNet?.plan(lab.name, mgmt.subnet);
    if (runtimeNet && ownNet) {
      record.add({ type: "runtime-network", id: "mgmt-network", record: ownNet });
      await runtimeNet.create(ownNet);
    } else {
      record.add({ type: "wiring", id: "mgmt-network", record: net });
      await wiring.create(net);
    }

    const clusterCtx: ClusterContext | undefined = cluster && {
      lab: lab.name,
      cluster,
      runtime: opts.runtime,
      record,
      wiring,
      progress: opts.progress,
    };
    // Kubernetes nodes first: the topology's nodes may live in their network namespaces.
    if (clusterCtx) opts.progress.phase(`Kubernetes nodes (${clusterCtx.cluster.nodes.length})`);
    const clusterNodes = clusterCtx ? await createClusterNodes(clusterCtx) : new Map<string, NodeRecord>();
    const created = await createNodes(lab, handlers, opts, record, clusterNodes, (node) => {
      const address = mgmt.addresses.get(node.name);
      return {
        namePrefix: lab.topology.prefix,
        ...(ownNet && address !== undefined && { mgmt: { network: ownNet, address } }),
      };
    });

    opts.progress.phase("wiring management interfaces and links");
    for (const [name, address] of ownNet ? [] : mgmt.addresses) {
      const node = created.get(name);
      if (!node) continue;
      const att = planMgmtAttachment(net, { node: name, netns: opts.runtime.netnsPath(node) }, address);
      record.add({ type: "wiring", id: `mgmt:${name}`, record: att });
      await wiring.create(att);
    }
    for (const link of lab.topology.links) {
      const [a, b] = link.endpoints;
      const end = (e: typeof a) => {
        const owner = created.get(namespaceOwner(lab, e.node));
        if (!owner) throw new FabricError("internal", `no namespace for ${e.node}`);
        return { node: e.node, netns: opts.runtime.netnsPath(owner), ifname: e.iface };
      };
      const veth = planVeth(end(a), end(b), link.mtu);
      record.add({ type: "wiring", id: `link:${a.node}:${a.iface}`, record: veth });
      await wiring.create(veth);
    }

    // Pods need only their node, so they come up while the topology's exec lines run.
    const podsReady = clusterCtx
      ? configureClusterNodes(clusterCtx, clusterNodes).then(() => startPods(clusterCtx, clusterNodes, pods))
      : Promise.resolve();
    const execsDone = settleAll(
      lab.topology.nodes.map(async (node) => {
        const nodeRecord = created.get(node.name);
        const handler = handlers.get(node.name);
        if (!nodeRecord || !handler) return;
        await handler.start({
          lab: lab.name,
          node,
          record: nodeRecord,
          runtime: opts.runtime,
          progress: (step) => opts.progress.node(node.name, step),
        });
        opts.progress.nodeDone(node.name, "ready");
      }),
    );
    await settleAll<unknown>([podsReady, execsDone]);
    if ((opts.speakers ?? true) && lab.speakers.size > 0) {
      const routers = lab.topology.nodes
        .filter((n) => nodeRole(n) === "router")
        .flatMap((n) => created.get(n.name) ?? []);
      opts.progress.phase("waiting for the routers' BGP neighbors to leave Idle");
      const idle = await waitForFrrNeighbors(opts.runtime, routers, FRR_READY_TIMEOUT_MS);
      if (idle.length > 0)
        opts.progress.note(`still Idle after ${FRR_READY_TIMEOUT_MS / 1000} s: ${idle.join(", ")}`);
      opts.progress.phase(`BGP speakers (${lab.speakers.size})`);
      await startSpeakers(opts.runtime, record, opts.progress, clusterNodes, lab.speakers);
    } else if (lab.speakers.size > 0) {
      opts.progress.note(`${lab.speakers.size} BGP speakers not started (--no-speakers)`);
    }
    record.setPhase("running");
  } catch (err) {
    record.setPhase("failed");
    opts.progress.phase("deploy failed; rolling back");
    await destroyLab(lab.name, opts).catch(() => {
      // The record stays; `fabric destroy NAME` can finish the job and will say what is left.
    });
    throw err;
  }
  return { lab: lab.name, nodes, durationMs: Date.now() - started };
}

/** Refuse, before touching anything, what this runtime cannot deploy yet. */
function checkDeployable(lab: Lab): Map<string, NodeKindHandler> {
  const handlers = new Map<string, NodeKindHandler>();
  const problems: string[] = [];
  for (const node of lab.topology.nodes) {
    const mode = node.networkMode;
    if (
      mode.type === "container" &&
      mode.targetIs === "cluster-node" &&
      !lab.cluster?.nodes.some((c) => c.name === mode.target)
    ) {
      problems.push(`node ${node.name}: network-mode container:${mode.target} names no Kubernetes node`);
      continue;
    }
    if (node.networkMode.type === "host" || node.networkMode.type === "none") {
      problems.push(
        `node ${node.name}: network-mode ${node.networkMode.type} is not supported on the netns runtime`,
      );
      continue;
    }
    const handler = nodeKindHandler(node.kind);
    if (handler) handlers.set(node.name, handler);
    else if (node.kind !== "k8s-kind")
      problems.push(`node ${node.name}: kind ${node.kind} cannot be deployed yet`);
  }
  if (problems.length > 0) {
    throw new FabricError(
      "not-deployable",
      `lab ${lab.name} cannot be deployed:\n  ${problems.join("\n  ")}`,
    );
  }
  return handlers;
}

/** Pods become runtime nodes named after them: no pod may take a node's name. */
function checkPodNames(lab: Lab, pods: readonly PodPlan[]): void {
  const taken = new Set([
    ...lab.topology.nodes.map((n) => n.name),
    ...(lab.cluster?.nodes.map((n) => n.name) ?? []),
  ]);
  const clash = pods.find((p) => taken.has(p.name));
  if (clash) {
    throw new FabricError(
      "not-deployable",
      `pod ${clash.namespace}/${clash.name} has the name of a node of lab ${lab.name}`,
      {
        suggestion: "rename the Pod or the node",
      },
    );
  }
}

async function handleExisting(name: string, opts: DeployOptions): Promise<void> {
  const existing = opts.store.read(name);
  if (!existing) return;
  if (!opts.reconfigure) {
    throw new FabricError("lab-exists", `lab ${name} is already deployed (${existing.phase})`, {
      suggestion: `run \`fabric destroy ${name}\` first, or deploy with --reconfigure`,
    });
  }
  opts.progress.phase(`destroying the existing lab ${name} (--reconfigure)`);
  await destroyLab(name, opts);
}

/** The node whose network namespace `name` lives in (itself, or the target of container:X). */
function namespaceOwner(lab: Lab, name: string, seen = new Set<string>()): string {
  const node = lab.topology.nodes.find((n) => n.name === name);
  if (!node || node.networkMode.type !== "container" || seen.has(name)) return name;
  seen.add(name);
  return namespaceOwner(lab, node.networkMode.target, seen);
}

async function createNodes(
  lab: Lab,
  handlers: Map<string, NodeKindHandler>,
  opts: DeployOptions,
  record: LabRecord,
  clusterNodes: ReadonlyMap<string, NodeRecord>,
  /** Runtime facts the kind handler does not know: container name prefix, management address. */
  specExtras: (node: TopologyNode) => Partial<NodeSpec> = () => ({}),
): Promise<Map<string, NodeRecord>> {
  // Kubernetes nodes count as created: `network-mode: container:kind-worker` joins one.
  const created = new Map<string, NodeRecord>(clusterNodes);
  let pending: TopologyNode[] = lab.topology.nodes.filter((n) => handlers.has(n.name));
  while (pending.length > 0) {
    const ready = pending.filter(
      (n) => n.networkMode.type !== "container" || created.has(n.networkMode.target),
    );
    if (ready.length === 0) throw new FabricError("internal", "network-mode dependencies form a cycle");
    await settleAll(
      ready.map(async (node) => {
        const handler = handlers.get(node.name);
        if (!handler) return;
        const shares =
          node.networkMode.type === "container" ? created.get(node.networkMode.target) : undefined;
        const spec = { ...handler.nodeSpec(lab.name, node, shares), ...specExtras(node) };
        const id = nodeResourceId(node.name);
        opts.progress.node(node.name, "creating namespaces");
        record.add({ type: "node", id, record: opts.runtime.plan(spec) });
        const done = await opts.runtime.create(spec, { onProgress: (r) => record.update(id, r) });
        record.update(id, done);
        created.set(node.name, done);
      }),
    );
    pending = pending.filter((n) => !created.has(n.name));
  }
  return created;
}
