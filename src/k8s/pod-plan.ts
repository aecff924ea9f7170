// Where each pod lands and what its network looks like, before anything exists. Pure.
//
// Addressing follows Cilium's native routing with Kubernetes IPAM (the reference lab's
// `ipam.mode=kubernetes`, `routingMode=native`): every node owns the PodCIDR Kubernetes gave it;
// the node's router address (on cilium_host) and every pod address come from it, one /32 each.
// Here the router takes the first host address and pods the following ones in placement order
// (Cilium picks them from its allocator; any free address is equally right).
import { FabricError, InternalError } from "../errors.js";
import type { Cluster, ClusterNode, Workload } from "../model/model.js";
import { formatIp, hostAddress, requireCidr, usableHosts } from "../net/index.js";
import { placePods } from "../model/k8s/placement.js";
import { lxcIfname, podName } from "./names.js";

export interface PodPlan {
  readonly name: string;
  readonly namespace: string;
  /** `DaemonSet/netshoot` */
  readonly owner: string;
  readonly node: string;
  /** Without a prefix length: pods hold it as a /32. */
  readonly ip: string;
  /** The node's router address, the pod's default gateway. */
  readonly gateway: string;
  /** Host side of the pod's veth, in the node's namespace. */
  readonly lxc: string;
  readonly image?: string;
  readonly command: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** The router address of a node: the first host address of its PodCIDR. */
export function nodeGateway(node: ClusterNode): string {
  return formatIp(hostAddress(requireCidr(node.podCIDR, `PodCIDR of ${node.name}`), 1));
}

export function planPods(lab: string, cluster: Cluster, workloads: readonly Workload[]): PodPlan[] {
  const nextHost = new Map<string, number>();
  const names = new Set<string>();
  return placePods(workloads, cluster.nodes).map(({ workload, node: nodeName }) => {
    const node = cluster.nodes.find((n) => n.name === nodeName);
    if (!node) throw new InternalError(`pod placed on unknown node ${nodeName}`);
    const subnet = requireCidr(node.podCIDR, `PodCIDR of ${nodeName}`);
    // .0 is the network, .1 the router; the last address is the broadcast.
    const host = nextHost.get(nodeName) ?? 2;
    if (BigInt(host) > usableHosts(subnet)) {
      throw new FabricError("podcidr-full", `node ${nodeName}: PodCIDR ${node.podCIDR} has no address left`);
    }
    nextHost.set(nodeName, host + 1);
    const name = podName(lab, workload, nodeName);
    // Pods are runtime nodes named after the pod, so the name is unique across namespaces here.
    const key = name;
    if (names.has(key)) {
      throw new FabricError("pod-name-clash", `two pods would be named ${key}`, {
        suggestion: "give bare Pods distinct names, in every namespace",
      });
    }
    names.add(key);
    return {
      name,
      namespace: workload.namespace,
      owner: `${workload.kind}/${workload.name}`,
      node: nodeName,
      ip: formatIp(hostAddress(subnet, host)),
      gateway: nodeGateway(node),
      lxc: lxcIfname(lab, workload.namespace, name),
      ...(workload.image !== undefined && { image: workload.image }),
      command: workload.command,
      labels: workload.labels,
    };
  });
}
