// Which cluster provider backs a lab's Kubernetes nodes (DESIGN.md §3): the emulated one (nodes
// and pods as namespaces; the default) or a real kind cluster, which needs a container runtime.
import type { KindCluster } from "./kind/cluster.js";
import type { KindHost } from "./kind/host.js";

export const CLUSTER_PROVIDERS = ["emulated", "kind"] as const;
export type ClusterProviderName = (typeof CLUSTER_PROVIDERS)[number];

export type ClusterProvider =
  | { readonly type: "emulated" }
  | {
      readonly type: "kind";
      /** A KindProvider for the lab's cluster. */
      readonly kind: KindCluster;
      /** The host side of its nodes; replaced in unit tests. */
      readonly host: KindHost;
    };

export const EMULATED: ClusterProvider = { type: "emulated" };
