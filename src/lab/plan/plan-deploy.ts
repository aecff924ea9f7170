// Everything deploy decides before it creates anything, as one value (plan/types.ts): the stages
// in order, each with the resources it creates and the stages it waits for. Pure: the subnets
// other labs hold are passed in, and nothing is read or created. `fabric validate` prints it.
import { clusterInfo, clusterNodesAsDeployed } from "../../k8s/cluster-info.js";
import { planCluster, type ClusterPlan } from "../../k8s/cluster-plan.js";
import type { ClusterProviderName } from "../../k8s/cluster-provider.js";
import type { Lab } from "../../model/model.js";
import { nodeRole } from "../../model/roles.js";
import type { DeployedNode, LabInfo } from "../../state/lab-info.js";
import { speakerResourceId } from "../../state/resources.js";
import { checkDeployable, checkPodNames } from "../deployable.js";
import { neighborEntriesFor } from "../../links/neighbor-capacity.js";
import type { HostRoute } from "../../links/host-routes.js";
import { chooseMgmtSubnet, planMgmtAddresses, type MgmtPlan } from "../mgmt-plan.js";
import { planLinks, planMgmtAttachments, planTopologyNodes } from "./topology-plan.js";
import type { DeployPlan, RuntimeCapabilities, SpeakerResource, Stage, StageId } from "./types.js";

export interface PlanOptions {
  readonly provider: ClusterProviderName;
  /** Start the Kubernetes nodes' BGP speakers (false with --no-speakers). */
  readonly speakers: boolean;
  /** Management subnets of the labs with a record: a lab on the default subnet moves off them. */
  readonly mgmtSubnetsInUse: ReadonlySet<string>;
  /** What the host already routes (docker0, its own networks): the management subnet avoids them. */
  readonly hostRoutes?: readonly HostRoute[];
}

/** Throws a FabricError for what deploy would refuse, as deploy itself would, before anything exists. */
export function planDeploy(lab: Lab, options: PlanOptions, caps: RuntimeCapabilities): DeployPlan {
  const deployable = new Set(checkDeployable(lab).keys());
  const cluster = lab.cluster && planCluster(lab, lab.cluster, options.provider);
  checkPodNames(lab, cluster?.pods ?? []);
  const emulatedNodes = options.provider === "emulated" ? lab.cluster?.nodes.map((n) => n.name) : undefined;
  const mgmt = planMgmtAddresses(
    lab.topology,
    chooseMgmtSubnet(lab.topology, options.mgmtSubnetsInUse, options.hostRoutes),
    emulatedNodes,
  );
  const nodes = deployedNodes(lab, mgmt);
  const info: LabInfo = {
    topologyFile: lab.topology.file,
    mgmtSubnet: mgmt.subnet,
    nodes,
    ...(lab.cluster && {
      cluster: clusterInfo(lab.cluster, cluster?.pods ?? [], lab.speakers, options.provider, lab.services),
    }),
  };
  const planned = stages(lab, options, caps, deployable, mgmt, cluster);
  return {
    lab: lab.name,
    provider: options.provider,
    mgmtSubnet: mgmt.subnet,
    stages: planned,
    nodes,
    info,
    neighborEntries: neighborEntriesFor(vethPairs(planned)),
  };
}

/** Veth pairs the plan creates: links, eth0s on the management bridge, cilium_host pairs, pods. */
function vethPairs(planned: readonly Stage[]): number {
  let pairs = 0;
  for (const stage of planned) {
    for (const r of stage.resources) {
      if (r.kind === "link" || r.kind === "mgmt-attachment" || r.kind === "cilium-host" || r.kind === "pod")
        pairs++;
    }
  }
  return pairs;
}

function stages(
  lab: Lab,
  options: PlanOptions,
  caps: RuntimeCapabilities,
  deployable: ReadonlySet<string>,
  mgmt: MgmtPlan,
  cluster: ClusterPlan | undefined,
): Stage[] {
  const clusterNodeNames = new Set(lab.cluster?.nodes.map((n) => n.name) ?? []);
  const topologyNodes = planTopologyNodes(lab, deployable, clusterNodeNames, mgmt.addresses);
  const existing = new Set([...topologyNodes.map((n) => n.node), ...clusterNodeNames]);
  const start: Stage = {
    id: "start-nodes",
    after: ["links"],
    resources: [],
    nodes: lab.topology.nodes.filter((n) => deployable.has(n.name)).map((n) => n.name),
  };
  // On a runtime's own network, nodes join it when they are created. The host's bridge is
  // needed only once a node's eth0 is attached to it, so it is made while the nodes are: it was
  // five processes in series before the first node could start.
  const attachments = caps.ownManagementNetwork ? [] : planMgmtAttachments(mgmt.addresses, existing);
  const nodesAfter: StageId[] = caps.ownManagementNetwork ? ["management"] : [];
  const head: Stage[] = [
    {
      id: "management",
      after: [],
      resources: [
        {
          kind: "mgmt-network",
          id: "mgmt-network",
          subnet: mgmt.subnet,
          owner: caps.ownManagementNetwork ? "runtime" : "host-bridge",
          ports: attachments.length,
        },
      ],
    },
    ...(cluster ? [{ id: "cluster-nodes", after: nodesAfter, resources: cluster.nodes } as const] : []),
    {
      id: "nodes",
      after: cluster ? [...nodesAfter, "cluster-nodes"] : nodesAfter,
      resources: topologyNodes,
    },
    { id: "mgmt-attachments", after: ["management", "nodes"], resources: attachments },
    { id: "links", after: ["mgmt-attachments"], resources: planLinks(lab) },
  ];
  if (!cluster) return [...head, start];
  const speakers = speakerStage(lab, options);
  // Emulated pods need only their node, so they come up while the topology's exec lines run. A
  // kind cluster turns Ready only once the exec lines have put each kubelet's node IP in place.
  const workloads: Stage =
    options.provider === "kind"
      ? { id: "cluster-workloads", after: ["start-nodes"], resources: cluster.workloads }
      : { id: "cluster-workloads", after: ["links"], resources: cluster.workloads };
  const ordered = options.provider === "kind" ? [start, workloads] : [workloads, start];
  return [...head, ...ordered, ...(speakers ? [speakers] : [])];
}

/**
 * Last: once the routers' exec lines have run (a node's IP and default route come from the
 * topology's lines) and the pods are up, so a speaker's first connect can succeed.
 */
function speakerStage(lab: Lab, options: PlanOptions): Stage | undefined {
  if (lab.speakers.size === 0) return undefined;
  const after: StageId[] = ["start-nodes", "cluster-workloads"];
  if (!options.speakers) {
    return {
      id: "speakers",
      after,
      resources: [],
      skipped: `${lab.speakers.size} BGP speakers not started (--no-speakers)`,
    };
  }
  const resources = [...lab.speakers.keys()].map((node): SpeakerResource => ({
    kind: "speaker",
    id: speakerResourceId(node),
    node,
  }));
  return { id: "speakers", after, resources };
}

function deployedNodes(lab: Lab, mgmt: MgmtPlan): DeployedNode[] {
  const topologyNodes: DeployedNode[] = lab.topology.nodes.map((n) => ({
    name: n.name,
    kind: n.kind,
    role: nodeRole(n),
    labels: n.labels,
    ...(mgmt.addresses.get(n.name) ? { mgmtAddress: mgmt.addresses.get(n.name) } : {}),
    ...(n.networkMode.type === "container" ? { sharesNetworkWith: n.networkMode.target } : {}),
  }));
  return [...topologyNodes, ...(lab.cluster ? clusterNodesAsDeployed(lab.cluster, mgmt.addresses) : [])];
}
