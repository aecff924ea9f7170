// fabric deploy: files → model → running lab. Every resource is written to the lab state record
// before it is created, so a failure (or a kill) at any point can be undone by destroy.
//
// The order: refuse what cannot be deployed → images → plan → management network → Kubernetes
// nodes (the topology's nodes may live in their namespaces) → topology nodes → management
// interfaces and links → pods, alongside the exec lines → BGP speakers.
import { FabricError } from "../errors.js";
import {
  configureClusterNodes,
  createClusterNodes,
  startPods,
  type ClusterContext,
} from "../k8s/emulated/provider.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import type { Lab } from "../topology/model.js";
import { createNodes } from "./create-nodes.js";
import { planDeploy } from "./deploy-plan.js";
import { checkDeployable } from "./deployable.js";
import { destroyLab } from "./destroy.js";
import type { DeployedNode } from "./lab-info.js";
import type { ProcessControl } from "./processes.js";
import type { Progress } from "./progress.js";
import { settleAll } from "./settle.js";
import { startTopologyNodes } from "./start-nodes.js";
import { startLabSpeakers } from "./start-speakers.js";
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
}

export interface DeployResult {
  readonly lab: string;
  readonly nodes: readonly DeployedNode[];
  readonly durationMs: number;
}

export async function deployLab(lab: Lab, opts: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const { runtime, progress } = opts;
  const handlers = checkDeployable(lab);
  // A runtime with images checks (or pulls) them all before anything is recorded or created.
  await runtime.prepare?.(
    lab.topology.nodes.flatMap((n) => handlers.get(n.name)?.nodeSpec(lab.name, n) ?? []),
    progress,
  );
  await handleExisting(lab.name, opts);
  const plan = planDeploy(lab, opts.store);
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

    const cluster: ClusterContext | undefined = lab.cluster && {
      lab: lab.name,
      cluster: lab.cluster,
      runtime,
      record,
      wiring,
      progress,
    };
    // Kubernetes nodes first: the topology's nodes may live in their network namespaces.
    if (cluster) progress.phase(`Kubernetes nodes (${cluster.cluster.nodes.length})`);
    const clusterNodes = cluster ? await createClusterNodes(cluster) : new Map<string, NodeRecord>();
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
          ...(mgmt.type === "runtime" && address !== undefined && { mgmt: { network: mgmt.net, address } }),
        };
      },
    });

    progress.phase("wiring management interfaces and links");
    await attachManagement(wire, mgmt, plan.mgmt.addresses, created);
    await wireLinks(wire, created);

    // Pods need only their node, so they come up while the topology's exec lines run.
    const podsReady = cluster
      ? configureClusterNodes(cluster, clusterNodes).then(() => startPods(cluster, clusterNodes, plan.pods))
      : Promise.resolve();
    const execsDone = startTopologyNodes({ lab, handlers, runtime, progress }, created);
    await settleAll<unknown>([podsReady, execsDone]);
    await startLabSpeakers(
      { lab, runtime, record, progress, enabled: opts.speakers ?? true },
      created,
      clusterNodes,
      lab.speakers,
    );
    record.setPhase("running");
  } catch (err) {
    record.setPhase("failed");
    progress.phase("deploy failed; rolling back");
    await destroyLab(lab.name, opts).catch(() => {
      // The record stays; `fabric destroy NAME` can finish the job and will say what is left.
    });
    throw err;
  }
  return { lab: lab.name, nodes: plan.nodes, durationMs: Date.now() - started };
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
