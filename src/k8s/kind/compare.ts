// The cluster kind made against the cluster the config promised (the model): node names, node
// IPs and labels must be as written — links, BGP peers and Cilium nodeSelectors are planned from
// them — while PodCIDRs are the controller manager's to choose (it allocates in registration
// order, not config order), so a different one is a note and the observed one is the truth.
import type { Cluster, ClusterNode } from "../../model/model.js";
import type { ObservedNode } from "./parse-nodes.js";

export type Difference =
  | { readonly kind: "missing-node"; readonly node: string }
  | { readonly kind: "extra-node"; readonly node: string }
  | {
      readonly kind: "node-ip";
      readonly node: string;
      readonly expected: string;
      readonly actual: readonly string[];
    }
  | {
      readonly kind: "label";
      readonly node: string;
      readonly key: string;
      readonly expected: string;
      readonly actual?: string;
    }
  | { readonly kind: "pod-cidr"; readonly node: string; readonly expected: string; readonly actual?: string };

/** Differences that make the lab wrong; `pod-cidr` is only a note. */
export function isBlocking(d: Difference): boolean {
  return d.kind !== "pod-cidr";
}

/**
 * With more than one control plane kind adds a haproxy container in front of them, named by the
 * same namer (`<cluster>-external-load-balancer`) and labelled with the cluster, so `kind get
 * nodes` lists it: it is no Kubernetes node (kind: pkg/internal/apis/config/cluster_util.go
 * ClusterHasImplicitLoadBalancer, pkg/cluster/internal/providers/docker/provision.go).
 */
export function kindLoadBalancer(cluster: Cluster): string | undefined {
  const controlPlanes = cluster.nodes.filter((n) => n.role === "control-plane").length;
  return controlPlanes > 1 ? `${cluster.name}-external-load-balancer` : undefined;
}

export function compareNodeNames(cluster: Cluster, listed: readonly string[]): Difference[] {
  const expected = new Set(cluster.nodes.map((n) => n.name));
  const balancer = kindLoadBalancer(cluster);
  const actual = listed.filter((n) => n !== balancer);
  const seen = new Set(actual);
  return [
    ...cluster.nodes
      .filter((n) => !seen.has(n.name))
      .map((n) => ({ kind: "missing-node" as const, node: n.name })),
    ...actual.filter((n) => !expected.has(n)).map((n) => ({ kind: "extra-node" as const, node: n })),
  ];
}

export function compareWithModel(cluster: Cluster, observed: readonly ObservedNode[]): Difference[] {
  const out = compareNodeNames(
    cluster,
    observed.map((n) => n.name),
  );
  for (const node of cluster.nodes) {
    const real = observed.find((n) => n.name === node.name);
    if (real) out.push(...compareNode(node, real));
  }
  return out;
}

function compareNode(node: ClusterNode, real: ObservedNode): Difference[] {
  const out: Difference[] = [];
  if (node.nodeIP !== undefined && !real.internalIPs.includes(node.nodeIP)) {
    out.push({ kind: "node-ip", node: node.name, expected: node.nodeIP, actual: real.internalIPs });
  }
  for (const [key, expected] of Object.entries(node.labels)) {
    const actual = real.labels[key];
    if (actual !== expected) {
      out.push({ kind: "label", node: node.name, key, expected, ...(actual !== undefined && { actual }) });
    }
  }
  if (real.podCIDR !== node.podCIDR) {
    out.push({
      kind: "pod-cidr",
      node: node.name,
      expected: node.podCIDR,
      ...(real.podCIDR !== undefined && { actual: real.podCIDR }),
    });
  }
  return out;
}

export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case "missing-node":
      return `node ${d.node} is in the kind config but not in the cluster`;
    case "extra-node":
      return `node ${d.node} is in the cluster but not in the kind config`;
    case "node-ip":
      return `node ${d.node}: InternalIP is ${d.actual.join(", ") || "not set"}, the config says ${d.expected}`;
    case "label":
      return `node ${d.node}: label ${d.key} is ${d.actual === undefined ? "missing" : `"${d.actual}"`}, the config says "${d.expected}"`;
    case "pod-cidr":
      return `node ${d.node}: PodCIDR is ${d.actual ?? "not allocated"}, fabric planned ${d.expected}`;
  }
}

/** The model with each node's PodCIDR as the cluster allocated it, to plan speakers and pods from. */
export function withObservedPodCidrs(cluster: Cluster, observed: readonly ObservedNode[]): Cluster {
  return {
    ...cluster,
    nodes: cluster.nodes.map((n) => {
      const real = observed.find((o) => o.name === n.name);
      if (real?.podCIDR === undefined) return n;
      // spec.podCIDRs lists one per family (the first is spec.podCIDR).
      return {
        ...n,
        podCIDR: real.podCIDR,
        podCIDRs: real.podCIDRs.length > 0 ? real.podCIDRs : [real.podCIDR],
      };
    }),
  };
}
