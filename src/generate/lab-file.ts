// lab.yaml of a generated lab: names the four files and says what `fabric test` asserts, in the
// check types src/checks knows: every BGP session Established, each node's PodCIDR on its ToR, on
// every spine and on another rack's ToR with the AS path the design implies, and a pod-to-pod
// ping across racks. Pure.
import { SPINE_ASN, type ClosPlan, type NodePlan, type RackPlan } from "./plan.js";
import { DAEMONSET } from "./workloads.js";
import { yamlDocument } from "./yaml-text.js";

export interface LabFileNames {
  readonly topology: string;
  readonly cluster: string;
  readonly bgp: string;
  readonly workloads: string;
}

export type Check = Record<string, string | number | readonly number[]>;

export function labYaml(plan: ClosPlan, files: LabFileNames, header: readonly string[]): string {
  return yamlDocument(
    {
      name: plan.params.name,
      topology: files.topology,
      cluster: files.cluster,
      bgp: [files.bgp],
      workloads: [files.workloads],
      checks: labChecks(plan),
    },
    { header, flowItemsOf: ["checks"] },
  );
}

export function labChecks(plan: ClosPlan): Check[] {
  const checked = plan.racks.map((rack) => ({ rack, nodes: checkedNodes(plan, rack) }));
  return [
    ...fabricSessions(plan),
    ...checked.flatMap(({ rack, nodes }) => nodes.flatMap((n) => nodeSessions(rack, n))),
    ...checked.flatMap(({ rack, nodes }) => nodes.flatMap((n) => podCidrChecks(plan, rack, n))),
    ...pingAcross(plan),
  ];
}

/** `sample` keeps a lab of thousands of nodes testable today: each rack's first and last node. */
function checkedNodes(plan: ClosPlan, rack: RackPlan): readonly NodePlan[] {
  if (plan.params.checks === "full") return rack.nodes;
  const first = rack.nodes[0];
  const last = rack.nodes[rack.nodes.length - 1];
  return [first, last].filter((n, i, all): n is NodePlan => n !== undefined && all.indexOf(n) === i);
}

/** Both ends of every ToR ↔ spine session; unnumbered peers are named by hostname, as FRR shows them. */
function fabricSessions(plan: ClosPlan): Check[] {
  return plan.racks.flatMap((rack) =>
    rack.uplinks.flatMap((u) => [
      { type: "bgp-session", node: u.spine, peer: u.torAddress ?? rack.tor },
      { type: "bgp-session", node: rack.tor, peer: u.spineAddress ?? u.spine },
    ]),
  );
}

function nodeSessions(rack: RackPlan, node: NodePlan): Check[] {
  return [
    { type: "bgp-session", node: rack.tor, peer: node.ip },
    { type: "bgp-session", node: node.name, peer: rack.torLoopback },
  ];
}

/**
 * The AS path grows by one AS per eBGP hop: nothing on the ToR for an iBGP node (its own AS with
 * eBGP), the ToR's AS on a spine, the spines' AS before it on another rack's ToR.
 */
function podCidrChecks(plan: ClosPlan, rack: RackPlan, node: NodePlan): Check[] {
  const fromNode = plan.params.nodePeering === "ebgp" ? [rack.nodeAsn] : [];
  const other = plan.racks[(rack.index + 1) % plan.racks.length];
  return [
    { type: "bgp-prefix", node: rack.tor, prefix: node.podCIDR, "as-path": fromNode, "next-hop": node.ip },
    ...plan.spines.map((s) => ({
      type: "bgp-prefix",
      node: s.name,
      prefix: node.podCIDR,
      "as-path": [rack.torAsn, ...fromNode],
    })),
    ...(other && other !== rack
      ? [
          {
            type: "bgp-prefix",
            node: other.tor,
            prefix: node.podCIDR,
            "as-path": [SPINE_ASN, rack.torAsn, ...fromNode],
          },
        ]
      : []),
  ];
}

/** From the first rack's first node to the last rack's last node: across the fabric when there are two racks. */
function pingAcross(plan: ClosPlan): Check[] {
  const from = plan.racks[0]?.nodes[0];
  const lastRack = plan.racks[plan.racks.length - 1];
  const to = lastRack?.nodes[lastRack.nodes.length - 1];
  if (!from || !to || from === to) return [];
  return [
    { type: "ping", from: `pod:${DAEMONSET}@${from.name}`, to: `pod:${DAEMONSET}@${to.name}`, count: 5 },
  ];
}
