// Where each pod lands and what its network looks like, before anything exists. Pure.
//
// Addressing follows Cilium's native routing with Kubernetes IPAM (the reference lab's
// `ipam.mode=kubernetes`, `routingMode=native`): every node owns the PodCIDR Kubernetes gave it;
// the node's router address (on cilium_host) and every pod address come from it, one /32 each.
// Here the router takes the first host address and pods the following ones in placement order
// (Cilium picks them from its allocator; any free address is equally right). A dual-stack node
// has a PodCIDR of each family and does the same in each: a router address and one address per
// pod of every family, the first family's being the pod's primary IP (status.podIP).
import { FabricError, InternalError } from "../errors.js";
import type { Cluster, ClusterNode, Workload } from "../model/model.js";
import { formatIp, hostAddress, requireCidr, usableHosts, type IpFamily } from "../net/index.js";
import { placePods } from "../model/k8s/placement.js";
import { lxcIfname, podName } from "./names.js";

/** One family's address of a pod and the router address it routes through. */
export interface PodAddress {
  readonly family: IpFamily;
  /** Without a prefix length: pods hold it as a /32 or /128. */
  readonly ip: string;
  readonly gateway: string;
}

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
  /** Every family's address, in the cluster's order: the first is `ip` and `gateway`. */
  readonly addresses: readonly PodAddress[];
  /** Host side of the pod's veth, in the node's namespace. */
  readonly lxc: string;
  readonly image?: string;
  readonly command: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly containerPorts?: readonly { readonly name: string; readonly port: number }[];
}

/** The router address of a node: the first host address of its (first) PodCIDR. */
export function nodeGateway(node: ClusterNode): string {
  return formatIp(hostAddress(requireCidr(node.podCIDR, `PodCIDR of ${node.name}`), 1));
}

/** The router address in each of the node's PodCIDRs, in the cluster's family order. */
export function nodeGateways(node: ClusterNode): string[] {
  return node.podCIDRs.map((c) => formatIp(hostAddress(requireCidr(c, `PodCIDR of ${node.name}`), 1)));
}

export function planPods(lab: string, cluster: Cluster, workloads: readonly Workload[]): PodPlan[] {
  const nextHost = new Map<string, number>();
  const placed = placePods(workloads, cluster.nodes);
  // Bare Pods keep the names they were written with, so generated names step around them
  // whichever comes first; nodes are runtime nodes too, so their names are taken as well.
  const taken = new Set(cluster.nodes.map((n) => n.name));
  const bareNames = new Set<string>();
  for (const { workload } of placed) {
    if (workload.kind !== "Pod") continue;
    if (bareNames.has(workload.name)) {
      throw new FabricError("pod-name-clash", `two pods would be named ${workload.name}`, {
        suggestion: "give bare Pods distinct names, in every namespace",
      });
    }
    bareNames.add(workload.name);
    taken.add(workload.name);
  }
  return placed.map(({ workload, node: nodeName }) => {
    const node = cluster.nodes.find((n) => n.name === nodeName);
    if (!node) throw new InternalError(`pod placed on unknown node ${nodeName}`);
    // .0 is the network, .1 the router (in every family); IPv4's last address is the broadcast.
    const host = nextHost.get(nodeName) ?? 2;
    const addresses = node.podCIDRs.map((text): PodAddress => {
      const subnet = requireCidr(text, `PodCIDR of ${nodeName}`);
      if (BigInt(host) > usableHosts(subnet)) {
        throw new FabricError("podcidr-full", `node ${nodeName}: PodCIDR ${text} has no address left`);
      }
      return {
        family: subnet.address.family,
        ip: formatIp(hostAddress(subnet, host)),
        gateway: formatIp(hostAddress(subnet, 1)),
      };
    });
    const primary = addresses[0];
    if (primary === undefined) throw new InternalError(`node ${nodeName} has no PodCIDR`);
    nextHost.set(nodeName, host + 1);
    // Pods are runtime nodes named after the pod, so the name is unique across namespaces here.
    const name = workload.kind === "Pod" ? workload.name : freeGeneratedName(lab, workload, nodeName, taken);
    return {
      name,
      namespace: workload.namespace,
      owner: `${workload.kind}/${workload.name}`,
      node: nodeName,
      ip: primary.ip,
      gateway: primary.gateway,
      addresses,
      lxc: lxcIfname(lab, workload.namespace, name),
      ...(workload.image !== undefined && { image: workload.image }),
      command: workload.command,
      labels: workload.labels,
      ...(workload.containerPorts !== undefined && { containerPorts: workload.containerPorts }),
    };
  });
}

/**
 * The first candidate name not yet taken, which it then takes. Candidates are drawn from 27^5
 * suffixes, so for any lab fabric can hold a free one is a few attempts away; the bound only
 * turns a bug into an error instead of a hang.
 */
function freeGeneratedName(lab: string, workload: Workload, node: string, taken: Set<string>): string {
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const name = podName(lab, workload, node, attempt);
    if (taken.has(name)) continue;
    taken.add(name);
    return name;
  }
  throw new InternalError(`no free pod name for ${workload.name} on ${node}`);
}

const MAX_NAME_ATTEMPTS = 10_000;
