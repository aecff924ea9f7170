// fabric deploy: files → model → running lab. Every resource is written to the lab state record
// before it is created, so a failure (or a kill) at any point can be undone by destroy.
//
// The order: refuse what cannot be deployed → images → plan → management network → Kubernetes
// nodes (the topology's nodes may live in their namespaces) → topology nodes → management
// interfaces and links → pods, alongside the exec lines → BGP speakers. On a kind cluster, kind
// makes the nodes, and the topology is built inside them before they can turn Ready.
import { assertNever, FabricError } from "../errors.js";
import {
  configureClusterNodes,
  createClusterNodes,
  startPods,
  type ClusterContext,
} from "../k8s/emulated/provider.js";
import type { PodPlan } from "../k8s/pod-plan.js";
import type { NodeKindHandler } from "../nodes/types.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import type { Lab } from "../topology/model.js";
import { EMULATED, type ClusterProvider } from "./cluster-provider.js";
import { createNodes } from "./create-nodes.js";
import { planDeploy } from "./deploy-plan.js";
import { checkDeployable } from "./deployable.js";
import { destroyLab, type DestroyOptions } from "./destroy.js";
import { kindClusterInfo, kindSpeakers, upKindCluster, type KindCluster } from "./kind-cluster.js";
import type { DeployedNode } from "./lab-info.js";
import type { ProcessControl } from "./processes.js";
import type { Progress } from "./progress.js";
import { settleAll } from "./settle.js";
import { startTopologyNodes } from "./start-nodes.js";
import { startLabSpeakers, type SpeakerMode } from "./start-speakers.js";
import { hostSpeakerHost, type SpeakerHostControl } from "../k8s/speaker-host-process.js";
import { LabRecord, type StateStore } from "./state-store.js";
import { attachManagement, createManagement, wireLinks, type WireContext } from "./wire.js";
import { hostWiring, type Wiring } from "./wiring.js";

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
  /** One speaker host for the lab (default) or one speaker process per node. */
  readonly speakerMode?: SpeakerMode;
  /** Starts and stops the speaker host; replaced in unit tests. */
  readonly speakerHost?: SpeakerHostControl;
  /** Who makes the lab's Kubernetes nodes; emulated unless told. */
  readonly cluster?: ClusterProvider;
}

export interface DeployResult {
  readonly lab: string;
  readonly nodes: readonly DeployedNode[];
  readonly durationMs: number;
}

export async function deployLab(lab: Lab, opts: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const { runtime, progress } = opts;
  const provider = opts.cluster ?? EMULATED;
  const handlers = checkDeployable(lab);
  if (provider.type === "kind") await checkKind(lab, provider.kind);
  // A runtime with images checks (or pulls) them all before anything is recorded or created.
  await runtime.prepare?.(
    lab.topology.nodes.flatMap((n) => handlers.get(n.name)?.nodeSpec(lab.name, n) ?? []),
    progress,
  );
  await handleExisting(lab.name, opts);
  const plan = planDeploy(lab, opts.store, provider.type);
  const record = LabRecord.begin(opts.store, {
    lab: lab.name,
    source: lab.source,
    runtime: runtime.name,
    meta: { ...plan.info },
  });

  const wiring = opts.wiring ?? hostWiring;
  const wire: WireContext = { lab, runtime, record, wiring };
  try {
    if (!runtime.prepare)
      progress.note(`runtime ${runtime.name}: nodes run this host's binaries; images are not pulled`);
    progress.phase(`management network ${plan.mgmt.subnet}`);
    const mgmt = await createManagement(wire, plan.mgmt.subnet);

    const topology: TopologySteps = {
      lab,
      handlers,
      runtime,
      record,
      progress,
      wire,
      build: async (clusterNodes) => {
        const created = await createNodes({
          lab,
          handlers,
          runtime,
          record,
          progress,
          clusterNodes,
          specExtras: (node) => {
            const address = plan.mgmt.addresses.get(node.name);
            return {
              namePrefix: lab.topology.prefix,
              ...(mgmt.type === "runtime" &&
                address !== undefined && { mgmt: { network: mgmt.net, address } }),
            };
          },
        });
        progress.phase("wiring management interfaces and links");
        await attachManagement(wire, mgmt, plan.mgmt.addresses, created);
        await wireLinks(wire, created);
        return created;
      },
      speakers: opts.speakers ?? true,
      speakerMode: opts.speakerMode ?? "host",
      speakerHost: opts.speakerHost ?? hostSpeakerHost,
    };
    switch (provider.type) {
      case "emulated":
        await withEmulatedCluster(topology, plan.pods);
        break;
      case "kind":
        await withKindCluster(topology, provider);
        break;
      default:
        assertNever(provider, "cluster provider");
    }
    record.setPhase("running");
  } catch (err) {
    record.setPhase("failed");
    progress.phase("deploy failed; rolling back");
    await destroyLab(lab.name, destroyOptions(opts)).catch(() => {
      // The record stays; `fabric destroy NAME` can finish the job and will say what is left.
    });
    throw err;
  }
  return { lab: lab.name, nodes: plan.nodes, durationMs: Date.now() - started };
}

/** What both providers do with the topology, given the Kubernetes nodes it may live in. */
interface TopologySteps {
  readonly lab: Lab;
  readonly handlers: ReadonlyMap<string, NodeKindHandler>;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly progress: Progress;
  readonly wire: WireContext;
  /** Creates the topology's nodes, the management interfaces and the links. */
  readonly build: (clusterNodes: ReadonlyMap<string, NodeRecord>) => Promise<Map<string, NodeRecord>>;
  readonly speakers: boolean;
  readonly speakerMode: SpeakerMode;
  readonly speakerHost: SpeakerHostControl;
}

/** Kubernetes nodes and pods as namespaces; also the path of a lab without a cluster. */
async function withEmulatedCluster(t: TopologySteps, pods: readonly PodPlan[]): Promise<void> {
  const { lab, runtime, record, progress } = t;
  const cluster: ClusterContext | undefined = lab.cluster && {
    lab: lab.name,
    cluster: lab.cluster,
    runtime,
    record,
    wiring: t.wire.wiring,
    progress,
  };
  // Kubernetes nodes first: the topology's nodes may live in their network namespaces.
  if (cluster) progress.phase(`Kubernetes nodes (${cluster.cluster.nodes.length})`);
  const clusterNodes = cluster ? await createClusterNodes(cluster) : new Map<string, NodeRecord>();
  const created = await t.build(clusterNodes);
  // Pods need only their node, so they come up while the topology's exec lines run.
  const podsReady = cluster
    ? configureClusterNodes(cluster, clusterNodes).then(() => startPods(cluster, clusterNodes, pods))
    : Promise.resolve();
  const execsDone = startTopologyNodes(t, created);
  await settleAll<unknown>([podsReady, execsDone]);
  await startLabSpeakers({ ...t, enabled: t.speakers }, created, clusterNodes, lab.speakers);
}

/**
 * A real kind cluster: the topology (node IPs come from its exec lines) is built in the kind
 * nodes before they can turn Ready; the speakers run on the PodCIDRs kind actually gave.
 */
async function withKindCluster(
  t: TopologySteps,
  provider: Extract<ClusterProvider, { type: "kind" }>,
): Promise<void> {
  let created = new Map<string, NodeRecord>();
  const { up, nodes } = await upKindCluster(
    { ...t, kind: provider.kind, host: provider.host },
    async (kindNodes) => {
      created = await t.build(kindNodes);
      await startTopologyNodes(t, created);
    },
  );
  const speakers = kindSpeakers(t.lab, up);
  t.record.setMeta("cluster", kindClusterInfo(t.lab, up, speakers));
  await startLabSpeakers(
    { ...t, enabled: t.speakers, speakerRuntime: provider.host.speakers },
    created,
    nodes,
    speakers,
  );
}

/** Before anything is created: a cluster to make, and kind's tools. */
async function checkKind(lab: Lab, kind: KindCluster): Promise<void> {
  if (!lab.cluster) {
    throw new FabricError("not-deployable", `lab ${lab.name} has no Kubernetes cluster for kind to make`, {
      suggestion: "name a kind config in the lab file (`cluster: cluster.yaml`), or drop --cluster-provider",
    });
  }
  await kind.checkTools();
}

/** Rollback and --reconfigure remove a kind cluster through the same host seam deploy used. */
function destroyOptions(opts: DeployOptions): DestroyOptions {
  return { ...opts, ...(opts.cluster?.type === "kind" && { kind: opts.cluster.host }) };
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
  await destroyLab(name, destroyOptions(opts));
}
