// The part a node plays in the lab, derived from its kind, image and exec lines. A model fact:
// deploy, node kinds and the views all ask it.
import type { TopologyNode } from "./model.js";

/** How a node takes part in the lab, as a person reading the plan thinks of it. */
export type NodeRole = "router" | "host" | "bridge" | "cluster" | "attached";

/** FRR nodes are routers whether they say `kind: frr` or run FRR from a linux node's exec lines. */
export function nodeRole(node: TopologyNode): NodeRole {
  if (node.kind === "k8s-kind") return "cluster";
  if (node.kind === "bridge") return "bridge";
  if (node.networkMode.type === "container" && node.networkMode.targetIs === "cluster-node")
    return "attached";
  if (node.kind === "frr") return "router";
  const runsFrr = node.exec.some((line) => /frrinit\.sh|\bvtysh\b|\bwatchfrr\b/.test(line));
  if (runsFrr || /(^|\/)frr(outing)?([/:]|$)/.test(node.image ?? "")) return "router";
  return "host";
}
