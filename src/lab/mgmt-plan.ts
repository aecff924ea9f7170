// Management addresses. containerlab hands out addresses from the management subnet in node
// order, starting after the gateway; `mgmt-ipv4` pins one. Several labs may run side by side: a
// lab that does not choose its subnet gets containerlab's default 172.20.20.0/24 if no running lab
// holds it, else the next free /24 above it (172.20.21.0/24, …), so labs never share a bridge
// address. Any other subnet the topology names is never moved: a clash is an error.
import { FabricError } from "../errors.js";
import { DEFAULT_MGMT, type Topology } from "../model/model.js";
import {
  formatCidr,
  hostAddress,
  hostIndex,
  interfaceText,
  nextCidr,
  parseIpv4,
  requireCidr,
} from "../net/index.js";
import { takesMgmtAddress } from "../model/mgmt-capacity.js";

export interface MgmtPlan {
  readonly subnet: string;
  /** `a.b.c.d/len` per node that owns a network namespace (not those sharing another's). */
  readonly addresses: ReadonlyMap<string, string>;
}

const AUTO_SUBNETS = 64;

export function chooseMgmtSubnet(topology: Topology, inUse: ReadonlySet<string>): string {
  const wanted = topology.mgmt.ipv4Subnet;
  if (!inUse.has(wanted)) return wanted;
  if (wanted !== DEFAULT_MGMT.ipv4Subnet) {
    throw new FabricError(
      "mgmt-subnet-in-use",
      `management subnet ${wanted} is already used by another running lab`,
      {
        suggestion: "give this lab its own `mgmt: {ipv4-subnet: …}`, or destroy the other lab",
      },
    );
  }
  const base = requireCidr(wanted, "management subnet");
  for (let i = 1; i <= AUTO_SUBNETS; i++) {
    const next = nextCidr(base, i);
    if (next === undefined) break;
    const candidate = formatCidr(next);
    if (!inUse.has(candidate)) return candidate;
  }
  throw new FabricError("mgmt-subnet-exhausted", `no free management /24 near ${wanted}`);
}

/**
 * `clusterNodes` (Kubernetes nodes) come after the topology's nodes: kind's docker network gives
 * each kind node an eth0 just as containerlab's gives its nodes one.
 */
export function planMgmtAddresses(
  topology: Topology,
  subnet: string,
  clusterNodes: readonly string[] = [],
): MgmtPlan {
  const parsed = requireCidr(subnet, "management subnet");
  const prefix = `/${parsed.prefixLength}`;
  const pinned = new Set<bigint>();
  for (const node of topology.nodes) {
    const address = node.mgmtIpv4 === undefined ? undefined : parseIpv4(node.mgmtIpv4);
    const index = address === undefined ? undefined : hostIndex(parsed, address);
    if (index !== undefined) pinned.add(index);
  }
  const addresses = new Map<string, string>();
  let next = 2n; // .1 is the host's end of the bridge
  for (const node of topology.nodes) {
    if (!takesMgmtAddress(node)) continue;
    if (node.mgmtIpv4) {
      addresses.set(node.name, `${node.mgmtIpv4}${prefix}`);
      continue;
    }
    while (pinned.has(next)) next++;
    addresses.set(node.name, interfaceText(hostAddress(parsed, next), parsed));
    next++;
  }
  for (const name of clusterNodes) {
    while (pinned.has(next)) next++;
    addresses.set(name, interfaceText(hostAddress(parsed, next), parsed));
    next++;
  }
  return { subnet: formatCidr(parsed), addresses };
}
