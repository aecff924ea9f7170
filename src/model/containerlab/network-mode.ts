// containerlab's `network-mode` values, and following `container:X` chains to the namespace a
// node's interfaces really live in.
import type { EffectiveNode } from "./merge.js";

export type ParsedNetworkMode =
  | { readonly type: "default" }
  | { readonly type: "host" }
  | { readonly type: "none" }
  | { readonly type: "container"; readonly target: string };

/** `bridge` is Docker's default mode, which is what containerlab uses when nothing is set. */
export function parseNetworkMode(text: string | undefined): ParsedNetworkMode | undefined {
  if (text === undefined || text === "bridge") return { type: "default" };
  if (text === "host") return { type: "host" };
  if (text === "none") return { type: "none" };
  if (text.startsWith("container:") && text.length > "container:".length) {
    return { type: "container", target: text.slice("container:".length) };
  }
  return undefined;
}

export function containerTarget(node: EffectiveNode): string | undefined {
  const mode = parseNetworkMode(node.networkMode?.value);
  return mode?.type === "container" ? mode.target : undefined;
}

/**
 * The name of whatever owns the network namespace a node's interfaces are created in: the node
 * itself, or the end of its `container:` chain (a topology node or a Kubernetes node). A chain
 * that loops or dangles gives the node itself; other rules report those.
 */
export function namespaceOwner(name: string, nodes: ReadonlyMap<string, EffectiveNode>): string {
  const visited = new Set<string>([name]);
  let current = name;
  for (;;) {
    const node = nodes.get(current);
    const target = node ? containerTarget(node) : undefined;
    if (target === undefined) return current;
    if (visited.has(target)) return name;
    visited.add(target);
    current = target;
  }
}
