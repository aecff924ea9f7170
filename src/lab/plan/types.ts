// The deploy plan as a value: what deploy will create, stage by stage, before anything exists.
// Plain JSON (no Maps, no functions), so `fabric validate --format json` prints it as it is and
// unit tests compare it as data. Facts only running the lab can tell (kind's PodCIDRs and pods,
// pids) are not in it: they are the outputs of stages, which later stages read (execute/).
import type { ClusterNodesResource, ClusterWorkloadResource } from "../../k8s/cluster-plan.js";
import type { ClusterProviderName } from "../../k8s/cluster-provider.js";
import type { DeployedNode, LabInfo } from "../../state/lab-info.js";

/** What the runtime offers that changes the plan. */
export interface RuntimeCapabilities {
  /** The runtime has its own management network (docker): nodes join it when created. */
  readonly ownManagementNetwork: boolean;
}

export interface MgmtNetworkResource {
  readonly kind: "mgmt-network";
  readonly id: string;
  readonly subnet: string;
  /** The runtime's network, or fabric's host bridge (links/mgmt.ts) with an eth0 per node. */
  readonly owner: "runtime" | "host-bridge";
  /** eth0s the host bridge will hold (the mgmt-attachments stage's); past one bridge's ports it is spread over several. */
  readonly ports: number;
}

/** One of the topology's nodes. */
export interface NodeResource {
  readonly kind: "node";
  readonly id: string;
  readonly node: string;
  /** Nodes of one wave are created together; a node joining another's namespace waits for it. */
  readonly wave: number;
  /** network-mode container:X — the node (topology or Kubernetes) whose network namespace it uses. */
  readonly joins?: string;
  /** `a.b.c.d/len`; on a runtime's own network the node joins it at this address when created. */
  readonly mgmtAddress?: string;
}

/** eth0 on the host bridge, for a node that owns a network namespace. */
export interface MgmtAttachmentResource {
  readonly kind: "mgmt-attachment";
  readonly id: string;
  readonly node: string;
  readonly address: string;
}

export interface LinkEndPlan {
  /** The endpoint's node, as the topology names it. */
  readonly node: string;
  readonly ifname: string;
  /** The node whose network namespace the interface is born in (itself, or the target of container:X). */
  readonly namespaceOf: string;
}

/** One veth pair of the topology, each end under its final name. */
export interface LinkResource {
  readonly kind: "link";
  readonly id: string;
  readonly a: LinkEndPlan;
  readonly b: LinkEndPlan;
  readonly mtu: number;
}

/** A Kubernetes node's BGP speaker. */
export interface SpeakerResource {
  readonly kind: "speaker";
  readonly id: string;
  readonly node: string;
}

export type PlannedResource =
  | MgmtNetworkResource
  | NodeResource
  | MgmtAttachmentResource
  | LinkResource
  | ClusterNodesResource
  | ClusterWorkloadResource
  | SpeakerResource;

interface StageOf<Id extends string, R extends PlannedResource | never> {
  readonly id: Id;
  /** Stages that must be done before this one starts; always earlier in the plan. */
  readonly after: readonly StageId[];
  readonly resources: readonly R[];
}

/**
 * The stages, each with the kind of resource it creates:
 * - `management`: the management network;
 * - `cluster-nodes`: the Kubernetes nodes (emulated), or the kind cluster;
 * - `nodes`: the topology's nodes, in waves;
 * - `mgmt-attachments`, `links`: eth0 on the host bridge, then the topology's veths;
 * - `start-nodes`: each node's start (FRR config and daemons, exec lines); creates nothing;
 * - `cluster-workloads`: cilium_host pairs and pods (emulated), or kind turning Ready;
 * - `speakers`: the Kubernetes nodes' BGP speakers.
 */
export type Stage =
  | StageOf<"management", MgmtNetworkResource>
  | StageOf<"cluster-nodes", ClusterNodesResource>
  | StageOf<"nodes", NodeResource>
  | StageOf<"mgmt-attachments", MgmtAttachmentResource>
  | StageOf<"links", LinkResource>
  | (StageOf<"start-nodes", never> & { readonly nodes: readonly string[] })
  | StageOf<"cluster-workloads", ClusterWorkloadResource>
  | (StageOf<"speakers", SpeakerResource> & {
      /** Set when the speakers are not started (--no-speakers): what the user is told instead. */
      readonly skipped?: string;
    });

export type StageId = Stage["id"];

export interface DeployPlan {
  readonly lab: string;
  readonly provider: ClusterProviderName;
  readonly mgmtSubnet: string;
  /** In an order that respects every stage's `after`. */
  readonly stages: readonly Stage[];
  /** The topology's nodes, then the Kubernetes nodes, as later commands know them. */
  readonly nodes: readonly DeployedNode[];
  /** What the lab record keeps for later commands (kind: completed once the cluster is up). */
  readonly info: LabInfo;
  /** Neighbor (ARP/ND) entries the lab may hold, which the host's shared tables must fit (links/neighbor-capacity.ts). */
  readonly neighborEntries: number;
}

/** The plan's stage `id`, typed with its resources; undefined when the plan has none. */
export function stageOf<Id extends StageId>(
  plan: DeployPlan,
  id: Id,
): Extract<Stage, { id: Id }> | undefined {
  return plan.stages.find((s): s is Extract<Stage, { id: Id }> => s.id === id);
}
