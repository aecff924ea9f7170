// The kind provider's inputs and what it hands the orchestrator.
import type { HostProbe } from "../../host/prerequisites.js";
import type { Cluster, Taint, Workload } from "../../model/model.js";
import type { Difference } from "./compare.js";
import type { ObservedPod } from "./parse-pods.js";
import type { Clock } from "../../util/poll.js";
import type { CommandRunner } from "./runner.js";

export interface KindTimeouts {
  /** kind's own `--wait` for the control plane, when the cluster has kind's CNI. */
  readonly createWaitSeconds: number;
  readonly podCidrSeconds: number;
  readonly nodesReadySeconds: number;
  readonly podsReadySeconds: number;
  readonly pollMs: number;
}

export const DEFAULT_KIND_TIMEOUTS: KindTimeouts = {
  createWaitSeconds: 120,
  podCidrSeconds: 60,
  nodesReadySeconds: 180,
  podsReadySeconds: 300,
  pollMs: 2000,
};

/**
 * `fabric-ptp`: when the config sets `disableDefaultCNI`, fabric configures ptp/host-local in
 * every node (cni.ts). `none`: the caller installs a CNI itself (e.g. Cilium) in `beforeReady`.
 */
export type KindCni = "fabric-ptp" | "none";

export interface KindProviderOptions {
  readonly cluster: Cluster;
  readonly runner?: CommandRunner;
  readonly probe?: HostProbe;
  readonly clock?: Clock;
  readonly timeouts?: Partial<KindTimeouts>;
  readonly cni?: KindCni;
}

/** A node container as soon as it exists: enough to enter its network namespace. */
export interface KindNodeContainer {
  readonly name: string;
  /** The container's pid 1 on the host. */
  readonly pid: number;
  /** `/proc/<pid>/ns/net`: for `ip link … netns`, `nsenter --net=` and the speaker. */
  readonly netnsPath: string;
}

/** A Ready node, as the orchestrator uses it for links, the speaker and `fabric get nodes`. */
export interface KindNode extends KindNodeContainer {
  readonly podCIDR: string;
  readonly nodeIP: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

export interface KindUpOptions {
  /** Absolute paths of the workload manifests, applied in order with `kubectl apply -f`. */
  readonly manifests: readonly string[];
  /** The model's workloads, to know which pods to wait for. */
  readonly workloads: readonly Workload[];
  /** Runs once every node container exists, before fabric waits for Ready. */
  readonly beforeReady?: (nodes: readonly KindNodeContainer[]) => Promise<void>;
}

export interface KindClusterUp {
  /** In the model's node order. */
  readonly nodes: readonly KindNode[];
  readonly pods: readonly ObservedPod[];
  /** The model with the PodCIDRs the cluster allocated: plan speakers from this one. */
  readonly cluster: Cluster;
  /** Differences that do not stop the lab (a PodCIDR other than planned). */
  readonly notes: readonly Difference[];
  /** Containers applied with IfNotPresent where their manifest left Always as the default. */
  readonly pullPolicyChanges: readonly string[];
}
