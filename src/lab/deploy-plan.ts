// Everything deploy decides before it creates anything: the management subnet (one no running lab
// holds) and addresses, where the pods land, and the LabInfo later commands read from the record.
// Pure but for reading the other labs' records.
import { clusterInfo, clusterNodesAsDeployed } from "../k8s/cluster-info.js";
import { planPods, type PodPlan } from "../k8s/pod-plan.js";
import type { Lab } from "../model/model.js";
import type { ClusterProviderName } from "../k8s/cluster-provider.js";
import { nodeRole } from "../model/roles.js";
import { checkPodNames } from "./deployable.js";
import { labInfo, type DeployedNode, type LabInfo } from "../state/lab-info.js";
import { chooseMgmtSubnet, planMgmtAddresses, type MgmtPlan } from "./mgmt-plan.js";
import type { StateStore } from "../state/state-store.js";

export interface DeployPlan {
  readonly pods: readonly PodPlan[];
  readonly mgmt: MgmtPlan;
  /** The topology's nodes, then the Kubernetes nodes. */
  readonly nodes: readonly DeployedNode[];
  readonly info: LabInfo;
}

/**
 * With `kind`, the cluster's nodes are kind's containers on kind's own network, and where its
 * pods land and their addresses are Kubernetes' to decide: neither is planned here.
 */
export function planDeploy(lab: Lab, store: StateStore, provider: ClusterProviderName): DeployPlan {
  const cluster = lab.cluster;
  const emulated = cluster && provider === "emulated" ? cluster : undefined;
  const pods = emulated ? planPods(lab.name, emulated, lab.workloads) : [];
  checkPodNames(lab, pods);
  const mgmt = planMgmtAddresses(
    lab.topology,
    chooseMgmtSubnet(lab.topology, mgmtSubnetsInUse(store)),
    emulated?.nodes.map((n) => n.name),
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
    // kind: completed once the cluster is up (kind-cluster.ts); until then, the model's.
    ...(cluster && { cluster: clusterInfo(cluster, pods, lab.speakers, provider) }),
  };
  return { pods, mgmt, nodes, info };
}

/** Management subnets of every lab with a record, running or left over. */
function mgmtSubnetsInUse(store: StateStore): Set<string> {
  return new Set(
    store
      .list()
      .map((name) => store.read(name))
      .flatMap((s) => (s ? [labInfo(s).mgmtSubnet] : []))
      .filter((s): s is string => s !== undefined),
  );
}
