// What a lab's Kubernetes cluster will create, as data, before anything exists: the resources of
// the deploy plan's two cluster stages (its nodes, then its network and pods). Pure.
//
// The emulated provider plans everything: node namespaces, each node's cilium_host pair with its
// router address, each pod with its veth and address. With kind, the cluster's nodes are kind's
// containers, and where its pods land and their addresses are Kubernetes' to decide: only the
// cluster itself is planned, and what kind gave is an output of the deploy.
import type { Cluster, Lab } from "../model/model.js";
import type { ClusterProviderName } from "./cluster-provider.js";
import { hostCommand } from "./emulated/pod-command.js";
import { CILIUM_HOST, CILIUM_NET, POD_IFNAME } from "./names.js";
import { nodeGateway, nodeGateways, planPods, type PodPlan } from "./pod-plan.js";
import { nodeResourceId, podResourceId } from "../state/resources.js";

/** Cilium's default MTU for pod veths in native routing on a 1500-byte network. */
export const POD_MTU = 1500;
export const KIND_CLUSTER_ID = "kind-cluster";

/** An emulated Kubernetes node: a runtime node named exactly as kind names it. */
export interface ClusterNodeResource {
  readonly kind: "cluster-node";
  readonly id: string;
  readonly node: string;
}

/** A real kind cluster, made by `kind create cluster`; its nodes are its containers. */
export interface KindClusterResource {
  readonly kind: "kind-cluster";
  readonly id: string;
  readonly name: string;
  readonly nodes: readonly string[];
}

/** Forwarding and the cilium_host/cilium_net pair in a node, cilium_host holding the router address. */
export interface CiliumHostResource {
  readonly kind: "cilium-host";
  readonly id: string;
  readonly node: string;
  readonly ifnames: readonly [host: string, net: string];
  /** The node's router address: the first host address of its PodCIDR, as a /32. */
  readonly gateway: string;
  /** The router address of every family (`gateway` first); one per PodCIDR. */
  readonly gateways: readonly string[];
  readonly mtu: number;
}

/** A pod: its namespaces, its veth into the node (eth0 ↔ lxc…), its addresses, then its command. */
export interface PodResource {
  readonly kind: "pod";
  readonly id: string;
  readonly pod: PodPlan;
  readonly link: {
    readonly id: string;
    readonly podIfname: string;
    readonly nodeIfname: string;
    readonly mtu: number;
  };
  /** Absent when the pod has no command (it then holds only its namespaces). */
  readonly command?: { readonly id: string; readonly argv: readonly string[] };
}

export type ClusterNodesResource = ClusterNodeResource | KindClusterResource;
export type ClusterWorkloadResource = CiliumHostResource | PodResource;

export interface ClusterPlan {
  readonly nodes: readonly ClusterNodesResource[];
  /** Created once the nodes exist: every cilium_host pair first, then the pods. */
  readonly workloads: readonly ClusterWorkloadResource[];
  /** Emulated: where each pod lands and its address. kind: none (Kubernetes decides). */
  readonly pods: readonly PodPlan[];
}

export function planCluster(lab: Lab, cluster: Cluster, provider: ClusterProviderName): ClusterPlan {
  if (provider === "kind") {
    return {
      nodes: [
        {
          kind: "kind-cluster",
          id: KIND_CLUSTER_ID,
          name: cluster.name,
          nodes: cluster.nodes.map((n) => n.name),
        },
      ],
      workloads: [],
      pods: [],
    };
  }
  const pods = planPods(lab.name, cluster, lab.workloads);
  return {
    nodes: cluster.nodes.map((n) => ({ kind: "cluster-node", id: nodeResourceId(n.name), node: n.name })),
    workloads: [
      ...cluster.nodes.map((n): CiliumHostResource => ({
        kind: "cilium-host",
        id: `cilium-host:${n.name}`,
        node: n.name,
        ifnames: [CILIUM_HOST, CILIUM_NET],
        gateway: nodeGateway(n),
        gateways: nodeGateways(n),
        mtu: POD_MTU,
      })),
      ...pods.map(podResource),
    ],
    pods,
  };
}

function podResource(pod: PodPlan): PodResource {
  return {
    kind: "pod",
    id: podResourceId(pod.name),
    pod,
    link: { id: `pod-link:${pod.name}`, podIfname: POD_IFNAME, nodeIfname: pod.lxc, mtu: POD_MTU },
    ...(pod.command.length > 0 && {
      command: { id: `pod-command:${pod.name}`, argv: hostCommand(pod.command) },
    }),
  };
}
