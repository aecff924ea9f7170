// A lab's Kubernetes cluster as a real kind cluster (`deploy --cluster-provider kind`), as a
// ClusterProvider: the cluster is recorded before kind creates it; its node containers become
// NodeRecords (their network namespaces pinned) so the plan's topology stages build inside them
// before their kubelets can turn Ready on their node IPs; then the cluster turns Ready and the
// deploy learns what it really is (the PodCIDRs the controller manager chose, the pods' addresses).
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import { ExitCode, FabricError, InternalError } from "../../errors.js";
import { clusterInfo } from "../cluster-info.js";
import type { ClusterContext, ClusterOutcome, ClusterProvider } from "../cluster-provider.js";
import type { ClusterNodesResource } from "../cluster-plan.js";
import { describeDifference } from "./compare.js";
import { manifestFiles } from "./manifests.js";
import type { KindClusterUp, KindNodeContainer, KindUpOptions } from "./types.js";
import type { NodeRecord } from "../../runtime/types.js";
import { resolveSpeakers } from "../../model/cilium/index.js";
import type { Lab, Workload } from "../../model/model.js";
import type { KindHost } from "./host.js";
import { kindNetnsName, kindNodeRecord } from "./node-records.js";
import type { DeployedCluster, DeployedPod } from "../../state/lab-info.js";
import type { KindClusterRecord } from "../../state/resources.js";

/** What deploy needs of KindProvider (k8s/kind/provider.ts); tests may hand it a scripted runner. */
export interface KindCluster {
  readonly name: string;
  /** One error naming every missing tool. */
  checkTools(): Promise<void>;
  /** Every workload image present on the host and loadable, before anything exists. */
  checkImages(workloads: readonly Workload[]): Promise<void>;
  /** `kind create cluster`, then each node container with its pid. */
  create(): Promise<KindNodeContainer[]>;
  /** CNI, Ready, the nodes against the model, manifests, pods. */
  becomeReady(
    containers: readonly KindNodeContainer[],
    opts: Pick<KindUpOptions, "manifests" | "workloads">,
  ): Promise<KindClusterUp>;
}

/** Made for one deploy: it keeps the node containers between its two stages. */
export class KindClusterProvider implements ClusterProvider {
  readonly name = "kind";
  private containers: readonly KindNodeContainer[] | undefined;

  constructor(
    private readonly kind: KindCluster,
    private readonly host: KindHost,
  ) {}

  get speakerRuntime(): KindHost["speakers"] {
    return this.host.speakers;
  }

  /** Rollback and --reconfigure remove the cluster through the same host seam deploy used. */
  get removal(): KindHost {
    return this.host;
  }

  async check(lab: Lab): Promise<void> {
    if (!lab.cluster) throw noClusterForKind(lab);
    await this.kind.checkTools();
    await this.kind.checkImages(lab.workloads);
  }

  async createNodes(
    ctx: ClusterContext,
    resources: readonly ClusterNodesResource[],
  ): Promise<ReadonlyMap<string, NodeRecord>> {
    const planned = resources.find((r) => r.kind === "kind-cluster");
    if (!planned) throw new InternalError("the deploy plan has no kind cluster");
    const nodes = new Map<string, NodeRecord>();
    ctx.progress.phase(`kind cluster ${this.kind.name}`);
    const record: KindClusterRecord = { name: this.kind.name, netns: [], nodes: [] };
    await ctx.ledger.create({ type: "kind-cluster", id: planned.id, record }, async (update) => {
      const containers = await this.kind.create();
      // The names first, so destroy unpins whatever was pinned before a crash.
      const netns = containers.map((c) => kindNetnsName(ctx.lab.name, c.name));
      update({ ...record, netns });
      for (const c of containers) nodes.set(c.name, await this.enter(ctx.lab.name, c));
      // The node records, so exec, get and bgp reach the kind nodes later (DeployedLab.nodeRecord).
      update({ ...record, netns, nodes: [...nodes.values()] });
      this.containers = containers;
    });
    return nodes;
  }

  /** Pins the container's network namespace and makes the speaker's state dir on the host. */
  private async enter(lab: string, c: KindNodeContainer): Promise<NodeRecord> {
    await this.host.pinNetns(kindNetnsName(lab, c.name), c.pid);
    const node = kindNodeRecord(lab, c, await this.host.holder(c.pid));
    const made = await this.host.speakers.exec(node, ["mkdir", "-p", node.stateDir]);
    if (made.exitCode !== 0)
      throw new FabricError("kind-node-dir", `cannot make ${node.stateDir}: ${made.stderr.trim()}`);
    return node;
  }

  async startWorkloads(ctx: ClusterContext): Promise<ClusterOutcome> {
    const containers = this.containers;
    if (!containers) throw new InternalError("the kind cluster's nodes were not created");
    const { lab, progress } = ctx;
    progress.phase(`waiting for the kind nodes to be Ready, then the workloads' pods`);
    const up = await this.kind.becomeReady(containers, {
      manifests: manifestFiles(lab.workloads, lab.services),
      workloads: lab.workloads,
    });
    for (const note of up.notes) progress.note(`kind cluster ${this.kind.name}: ${describeDifference(note)}`);
    for (const change of up.pullPolicyChanges)
      progress.note(
        `kind cluster ${this.kind.name}: applied ${change} with imagePullPolicy IfNotPresent (its default, Always, would pull from a registry the nodes cannot reach; fabric loaded the image)`,
      );
    const speakers = kindSpeakers(lab, up);
    return { speakers, info: kindClusterInfo(lab, up, speakers) };
  }
}

/**
 * The nodes' speaker configs against the cluster kind made: the controller manager hands out
 * PodCIDRs in registration order, not config order, and a speaker must advertise its node's real
 * one. Diagnostics are not repeated: the lab loaded cleanly against the same resources, and only
 * the PodCIDRs differ.
 */
export function kindSpeakers(lab: Lab, up: KindClusterUp): Map<string, SpeakerConfig> {
  return resolveSpeakers(lab.bgpResources, up.cluster, lab.services).speakers;
}

/** The cluster as `fabric get` and `fabric bgp` read it: real PodCIDRs and pod addresses. */
export function kindClusterInfo(
  lab: Lab,
  up: KindClusterUp,
  speakers: ReadonlyMap<string, SpeakerConfig>,
): DeployedCluster {
  return { ...clusterInfo(up.cluster, [], speakers, "kind"), pods: up.pods.map((p) => deployedPod(lab, p)) };
}

function deployedPod(lab: Lab, pod: KindClusterUp["pods"][number]): DeployedPod {
  const owner = pod.owner ?? { kind: "Pod", name: pod.name };
  const workload = lab.workloads.find(
    (w) => w.namespace === pod.namespace && w.kind === owner.kind && w.name === owner.name,
  );
  return {
    name: pod.name,
    namespace: pod.namespace,
    owner: `${owner.kind}/${owner.name}`,
    // waitPods returns only Running and Ready pods of the plan: each has its node and address.
    node: pod.node ?? "",
    ip: pod.ip ?? "",
    ...(workload?.image !== undefined && { image: workload.image }),
    command: workload?.command ?? [],
  };
}

/** A lab without a cluster gives kind nothing to make: its input is wrong (exit 2). */
export function noClusterForKind(lab: Lab): FabricError {
  return new FabricError("no-cluster", `lab ${lab.name} has no Kubernetes cluster for kind to make`, {
    exitCode: ExitCode.usage,
    suggestion: "name a kind config in the lab file (`cluster: cluster.yaml`), or drop --cluster-provider",
  });
}
