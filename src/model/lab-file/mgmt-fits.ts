// A lab-wide limit only visible once the topology and the cluster are both read: every node that
// owns a network namespace, Kubernetes nodes included, takes one address on the management
// network. Deploy hands them out in order and would stop at the first that does not fit
// (`host 255 does not fit in 172.20.20.0/24`) after creating half the lab; validate says so first.
import { InternalError, type Diagnostic } from "../../errors.js";
import {
  MAX_BRIDGES,
  MAX_MGMT_PORTS,
  mgmtHostsIn,
  mgmtPrefixFor,
  PORTS_PER_BRIDGE,
  takesMgmtAddress,
} from "../mgmt-capacity.js";
import type { Cluster, Topology } from "../model.js";
import { formatCidr, networkOf, parseCidr, parseIpv4 } from "../../net/index.js";

export { MAX_BRIDGE_PORTS, MAX_MGMT_PORTS } from "../mgmt-capacity.js";

/** Where an example subnet of the right size is shown: clear of containerlab's 172.20.20.0/24 and Docker's. */
const EXAMPLE_BASE = "172.24.0.0";

export function mgmtSubnetFits(topology: Topology, cluster: Cluster | undefined): Diagnostic[] {
  const parsed = parseCidr(topology.mgmt.ipv4Subnet);
  // An unparsable or IPv6 subnet is the topology rules' to report.
  if (!parsed.ok || parsed.cidr.address.family !== 4) return [];
  const routers = topology.nodes.filter(takesMgmtAddress).length;
  const kubernetes = cluster?.nodes.length ?? 0;
  const needed = routers + kubernetes;
  if (needed > MAX_MGMT_PORTS) {
    // One bridge holds 1,023 ports (the 1,024th `ip link add … master BR` fails with EXFULL);
    // the network spreads over trunked bridges (links/mgmt-segments.ts), up to a limit said here,
    // before anything exists.
    return [
      {
        severity: "error",
        code: "mgmt-bridge-full",
        message: `the management network would need ${needed} ports (${routers} topology nodes and ${kubernetes} Kubernetes nodes), but it spans at most ${MAX_BRIDGES} bridges of ${PORTS_PER_BRIDGE} nodes (${MAX_MGMT_PORTS} nodes)`,
        location: topology.mgmt.ipv4SubnetLocation ?? { file: topology.file, line: 1, col: 1 },
        suggestion: `use at most ${MAX_MGMT_PORTS} nodes with a network namespace of their own (routers and Kubernetes nodes together)`,
      },
    ];
  }
  const holds = mgmtHostsIn(parsed.cidr.prefixLength);
  if (needed <= holds) return [];
  const prefix = mgmtPrefixFor(needed);
  const example = exampleSubnet(prefix);
  const written = topology.mgmt.ipv4SubnetLocation;
  const counted = kubernetes > 0 ? ` (${routers} topology nodes and ${kubernetes} Kubernetes nodes)` : "";
  return [
    {
      severity: "error",
      code: "mgmt-subnet-too-small",
      message: `management subnet ${topology.mgmt.ipv4Subnet} holds ${holds} node addresses, but the lab needs ${needed}${counted}`,
      ...(written ? { location: written } : {}),
      suggestion: `set mgmt.ipv4-subnet in ${topology.file.split("/").pop() ?? "the topology"} to a /${prefix} or larger, e.g. \`mgmt: {ipv4-subnet: ${example}}\``,
    },
  ];
}

function exampleSubnet(prefixLength: number): string {
  const base = parseIpv4(EXAMPLE_BASE);
  if (!base) throw new InternalError(`${EXAMPLE_BASE} is not an address`);
  return formatCidr(networkOf(base, prefixLength));
}
