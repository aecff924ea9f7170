// The containerlab topology of a generated lab: FRR spines and ToRs as linux nodes configured by
// exec lines (as labs/cilium-bgp does), and for each Kubernetes node a linux node in its network
// namespace that holds its link to the ToR. Pure.
import { spineExec, torExec } from "./frr.js";
import { allNodes, NODE_LINK_PREFIX, type ClosPlan } from "./plan.js";
import { yamlDocument } from "./yaml-text.js";

/** The image containerlab would run the routers from (fabric's netns runtime runs the host's FRR). */
export const FRR_IMAGE = "frrouting/frr:v8.2.2";
/** The image of the nodes' sidecar containers in containerlab, as in the reference lab. */
export const NETSHOOT_IMAGE = "nicolaka/netshoot:latest";

export function topologyYaml(plan: ClosPlan, header: readonly string[]): string {
  const nodes: Record<string, unknown> = {};
  for (const spine of plan.spines) {
    nodes[spine.name] = {
      kind: "linux",
      image: FRR_IMAGE,
      labels: { app: "frr" },
      exec: spineExec(plan, spine),
    };
  }
  for (const rack of plan.racks) {
    nodes[rack.tor] = {
      kind: "linux",
      image: FRR_IMAGE,
      labels: { app: "frr", rack: rack.label },
      exec: torExec(plan, rack),
    };
  }
  for (const node of allNodes(plan)) {
    nodes[node.srv] = {
      kind: "linux",
      image: NETSHOOT_IMAGE,
      "network-mode": `container:${node.name}`,
      exec: [
        // The node-ip kind is told about, on the node's end of its link to the ToR.
        `ip addr add ${node.ip}/${NODE_LINK_PREFIX} dev net0`,
        `ip route replace default via ${node.torIp}`,
      ],
    };
  }
  const links = [
    ...plan.racks.flatMap((rack) =>
      rack.uplinks.map((u) => ({ endpoints: [`${u.spine}:${u.spineIface}`, `${rack.tor}:${u.torIface}`] })),
    ),
    ...plan.racks.flatMap((rack) =>
      rack.nodes.map((n) => ({ endpoints: [`${rack.tor}:${n.torIface}`, `${n.srv}:net0`] })),
    ),
  ];
  return yamlDocument(
    {
      name: plan.params.name,
      ...(plan.mgmtSubnet !== undefined ? { mgmt: { "ipv4-subnet": plan.mgmtSubnet } } : {}),
      topology: { kinds: { linux: { cmd: "bash" } }, nodes, links },
    },
    { header, flowKeys: ["endpoints"] },
  );
}
