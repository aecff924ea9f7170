// Rules about `network-mode`: a known value, a `container:` target that exists (a topology node
// or a node of the lab's Kubernetes cluster), and no chain that loops back on itself.
import type { Diagnostic } from "../../../errors.js";
import { containerTarget, parseNetworkMode } from "../network-mode.js";
import { closest } from "../../suggest.js";
import type { RuleContext } from "./context.js";

export function networkModeKnown({ nodes, report }: RuleContext): Diagnostic[] {
  return nodes
    .filter((n) => n.networkMode && parseNetworkMode(n.networkMode.value) === undefined)
    .map((n) =>
      report.error(
        "network-mode-invalid",
        `unknown network-mode "${n.networkMode?.value}"`,
        n.networkMode?.path ?? n.path,
        {
          suggestion: "use host, none, or container:<node>",
        },
      ),
    );
}

export function networkModeTargetExists({
  nodes,
  byName,
  clusterNodeNames,
  clusterUnreadable,
  report,
}: RuleContext): Diagnostic[] {
  // Its errors are already reported: "not a node of the cluster" would only repeat them.
  if (clusterUnreadable) return [];
  const out: Diagnostic[] = [];
  for (const node of nodes) {
    const target = containerTarget(node);
    if (target === undefined || byName.has(target) || clusterNodeNames.has(target)) continue;
    const near = closest(
      target,
      [...byName.keys(), ...clusterNodeNames].filter((n) => n !== node.name),
    );
    out.push(
      report.error(
        "network-mode-unknown-target",
        `network-mode refers to ${target}, which is neither a node of this topology nor a node of its Kubernetes cluster`,
        node.networkMode?.path ?? node.path,
        {
          suggestion:
            near !== undefined
              ? `did you mean "container:${near}"?`
              : clusterNodeNames.size === 0
                ? "no Kubernetes cluster is known here; name the kind cluster file in the lab (or add a k8s-kind node)"
                : `Kubernetes nodes are: ${[...clusterNodeNames].join(", ")}`,
        },
      ),
    );
  }
  return out;
}

/** a → b → a: no namespace to create first. Each loop is reported once, at its first node. */
export function networkModeAcyclic({ nodes, byName, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const node of nodes) {
    const chain = [node.name];
    let current = containerTarget(node);
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      const next = byName.get(current);
      current = next ? containerTarget(next) : undefined;
    }
    if (current === undefined) continue;
    const loop = chain.slice(chain.indexOf(current));
    if (loop.some((n) => reported.has(n))) continue;
    loop.forEach((n) => reported.add(n));
    const first = byName.get(loop[0] ?? node.name) ?? node;
    out.push(
      report.error(
        "network-mode-cycle",
        `network-mode forms a cycle: ${[...loop, loop[0]].join(" → ")}`,
        first.networkMode?.path ?? first.path,
        { suggestion: "one node of the cycle must own its network namespace (drop its network-mode)" },
      ),
    );
  }
  return out;
}
