// Who makes a lab's Kubernetes nodes (DESIGN.md §3): the emulated provider (nodes and pods as
// namespaces; the default) or a real kind cluster, which needs a container runtime. Deploy knows
// providers only through this interface: it runs the plan's cluster stages by calling them, and
// every resource a provider makes goes through the deploy's Ledger (recorded, then created).
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";
import type { Lab } from "../model/model.js";
import type { NodeRecord, NodeSpec, Runtime } from "../runtime/types.js";
import type { DeployedCluster } from "../state/lab-info.js";
import type { Ledger } from "../state/ledger.js";
import type { Progress } from "../state/progress.js";
import type { KindRemoval } from "../state/resources.js";
import type { ClusterNodesResource, ClusterWorkloadResource } from "./cluster-plan.js";
import type { SpeakerRuntime } from "./speaker/sidecar.js";

export const CLUSTER_PROVIDERS = ["emulated", "kind"] as const;
export type ClusterProviderName = (typeof CLUSTER_PROVIDERS)[number];

export interface ClusterContext {
  readonly lab: Lab;
  readonly runtime: Runtime;
  readonly ledger: Ledger;
  readonly progress: Progress;
}

/** What only running the cluster tells: the stage output later stages read. */
export interface ClusterOutcome {
  /** Each node's speaker config, against the cluster as it came up (kind: its real PodCIDRs). */
  readonly speakers: ReadonlyMap<string, SpeakerConfig>;
  /** The cluster as later commands read it, when it differs from the plan's (kind's real pods). */
  readonly info?: DeployedCluster;
}

export interface ClusterProvider {
  readonly name: ClusterProviderName;
  /** Before anything is recorded or created: what the provider needs of the lab and the host. */
  check(lab: Lab): Promise<void>;
  /** The Kubernetes nodes by name, as NodeRecords: the topology's nodes may join them. */
  createNodes(
    ctx: ClusterContext,
    resources: readonly ClusterNodesResource[],
  ): Promise<ReadonlyMap<string, NodeRecord>>;
  /** The nodes' network and the pods, once the plan's earlier stages are done. */
  startWorkloads(
    ctx: ClusterContext,
    resources: readonly ClusterWorkloadResource[],
    nodes: ReadonlyMap<string, NodeRecord>,
  ): Promise<ClusterOutcome>;
  /**
   * The runtime nodes it will create, as far as images go, for a runtime that checks (or pulls)
   * every image before anything is recorded (docker's prepare); absent when it creates none.
   */
  imageSpecs?(lab: Lab): NodeSpec[];
  /** Where the speakers run, when not on the runtime (kind nodes: kind/host.ts). */
  readonly speakerRuntime?: SpeakerRuntime;
  /** How destroy (and rollback) removes what this provider recorded, when the defaults will not do. */
  readonly removal?: KindRemoval;
}
