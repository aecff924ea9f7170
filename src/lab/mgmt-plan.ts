// Management addresses. containerlab hands out addresses from the management subnet in node
// order, starting after the gateway; `mgmt-ipv4` pins one. Several labs may run side by side: a
// lab that does not choose its subnet gets containerlab's default 172.20.20.0/24 if no running lab
// holds it, else the next free /24 above it (172.20.21.0/24, …), so labs never share a bridge
// address. Any other subnet the topology names is never moved: a clash is an error.
import { ExitCode, FabricError } from "../errors.js";
import { DEFAULT_MGMT, type Topology } from "../model/model.js";
import {
  cidrContains,
  formatCidr,
  hostAddress,
  hostIndex,
  interfaceText,
  nextCidr,
  parseIpv4,
  requireCidr,
  type Cidr,
} from "../net/index.js";
import type { HostRoute } from "../links/host-routes.js";
import { takesMgmtAddress } from "../model/mgmt-capacity.js";

export interface MgmtPlan {
  readonly subnet: string;
  /** `a.b.c.d/len` per node that owns a network namespace (not those sharing another's). */
  readonly addresses: ReadonlyMap<string, string>;
}

const AUTO_SUBNETS = 64;

/**
 * `inUse`: other labs' management subnets. `routes`: what the host already routes (docker0, its
 * own networks); a subnet overlapping one of them would shadow it. The default subnet moves to the
 * next free /24; one the topology names is never moved, so a clash is an error.
 */
export function chooseMgmtSubnet(
  topology: Topology,
  inUse: ReadonlySet<string>,
  routes: readonly HostRoute[] = [],
): string {
  const wanted = topology.mgmt.ipv4Subnet;
  const clash = (candidate: string): HostRoute | undefined => {
    const cidr = requireCidr(candidate, "management subnet");
    return routes.find((r) => cidrsOverlap(r.prefix, cidr));
  };
  const route = inUse.has(wanted) ? undefined : clash(wanted);
  if (!inUse.has(wanted) && !route) return wanted;
  if (wanted !== DEFAULT_MGMT.ipv4Subnet && route) {
    throw new FabricError(
      "mgmt-subnet-in-use",
      `management subnet ${wanted} overlaps ${formatCidr(route.prefix)}, which this host already routes (${route.via})`,
      {
        exitCode: ExitCode.usage,
        suggestion:
          "give the lab a subnet of its own with `mgmt: {ipv4-subnet: …}` (e.g. 172.20.30.0/24); the lab's bridge route would shadow the host's",
      },
    );
  }
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
    if (!inUse.has(candidate) && !clash(candidate)) return candidate;
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

function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b.address) || cidrContains(b, a.address);
}
