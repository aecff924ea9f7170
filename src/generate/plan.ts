// The addressing and naming plan of a generated Clos lab, decided once so every document (topology,
// cluster, Cilium resources, checks) reads the same facts. Pure.
//
//   spine loopbacks     10.0.0.<1+s>/32             spine AS 65000 (one AS for all spines, RFC 7938 §5.2.1)
//   ToR loopbacks       10.0.1.<1+r>/32             ToR AS 65010+r (as the reference lab: 65010, 65011)
//   ToR ↔ spine         10.1.0.0/16, one /31 per link (numbered fabric only); spine even, ToR odd
//   node ↔ ToR          10.2.<r>.<4n>/30 per node: ToR .4n+1, node .4n+2 (the node's node-ip)
//   node AS (eBGP)      64512+r, shared by a rack's nodes
//   podSubnet           10.128.0.0/16, or larger when there are more than 256 nodes: one /24 each
//   management          containerlab's default /24 when everything fits, else 172.24.0.0/<n>
//
// Names follow the reference lab: spine<s>, tor<r>; kind names its nodes kind-control-plane,
// kind-worker, kind-worker2, …; the topology node srv-<x> joins kind-<x>'s network namespace
// (`network-mode: container:kind-<x>`). A ToR's interfaces are net0…net<S-1> up to the spines,
// then one per node; a spine's net<r> goes to tor<r>.
import { InternalError } from "../errors.js";
import { formatIp, parseIpv4 } from "../net/index.js";
import { kindNodeNames } from "../model/kind/node-names.js";
import { mgmtHostsIn, mgmtPrefixFor } from "../model/mgmt-capacity.js";
import type { ClusterRole } from "../model/model.js";
import { mgmtAddressesNeeded, type ClosParams } from "./params.js";

export const CLUSTER_NAME = "kind";
export const SPINE_ASN = 65000;
const TOR_ASN_BASE = 65010;
const NODE_ASN_BASE = 64512;
const SPINE_LOOPBACKS = address("10.0.0.0");
const TOR_LOOPBACKS = address("10.0.1.0");
const FABRIC_LINK_BASE = address("10.1.0.0");
const NODE_LINK_BASE = address("10.2.0.0");
const POD_SUBNET_BASE = address("10.128.0.0");
const MGMT_BASE = address("172.24.0.0");
/** The default management subnet containerlab (and fabric) use when a topology sets none. */
const DEFAULT_MGMT_PREFIX = 24;

export interface SpinePlan {
  readonly name: string;
  readonly loopback: string;
}

/** One ToR ↔ spine link, seen from both ends. */
export interface UplinkPlan {
  readonly spine: string;
  readonly spineIface: string;
  readonly torIface: string;
  /** Only on a numbered fabric: the /31's two addresses. */
  readonly spineAddress?: string;
  readonly torAddress?: string;
}

export interface NodePlan {
  /** As kind names it. */
  readonly name: string;
  readonly role: ClusterRole;
  /** The topology node that shares the Kubernetes node's network namespace and holds its link. */
  readonly srv: string;
  readonly rack: number;
  readonly torIface: string;
  /** The node-ip, on the node's end of its /30. */
  readonly ip: string;
  readonly torIp: string;
  /** The /24 kind gives this node from podSubnet, in config order. */
  readonly podCIDR: string;
}

export interface RackPlan {
  readonly index: number;
  /** The `rack=` label value and the CiliumBGPClusterConfig's name. */
  readonly label: string;
  readonly tor: string;
  readonly torAsn: number;
  /** The nodes' AS: the ToR's with iBGP, the rack's own with eBGP. */
  readonly nodeAsn: number;
  readonly torLoopback: string;
  readonly uplinks: readonly UplinkPlan[];
  readonly nodes: readonly NodePlan[];
}

export interface ClosPlan {
  readonly params: ClosParams;
  readonly spines: readonly SpinePlan[];
  readonly racks: readonly RackPlan[];
  readonly podSubnet: string;
  /** Written into the topology only when the default /24 would not hold every node. */
  readonly mgmtSubnet?: string;
}

export const NODE_LINK_PREFIX = 30;
export const FABRIC_LINK_PREFIX = 31;

export function planClos(params: ClosParams): ClosPlan {
  const spines = Array.from({ length: params.spines }, (_, s) => ({
    name: `spine${s}`,
    loopback: formatIpv4(SPINE_LOOPBACKS + 1 + s),
  }));
  const total = params.racks * params.nodesPerRack;
  const roles = Array.from({ length: total }, (_, i): ClusterRole => (i === 0 ? "control-plane" : "worker"));
  const kindNames = kindNodeNames(CLUSTER_NAME, roles);
  const podPrefix = Math.min(16, 24 - Math.ceil(Math.log2(total)));
  const racks = Array.from({ length: params.racks }, (_, r): RackPlan => {
    const torAsn = TOR_ASN_BASE + r;
    const uplinks = spines.map((spine, s): UplinkPlan => {
      const link = FABRIC_LINK_BASE + 2 * (r * params.spines + s);
      return {
        spine: spine.name,
        spineIface: `net${r}`,
        torIface: `net${s}`,
        ...(params.fabric === "ebgp-numbered"
          ? { spineAddress: formatIpv4(link), torAddress: formatIpv4(link + 1) }
          : {}),
      };
    });
    const nodes = Array.from({ length: params.nodesPerRack }, (_, n): NodePlan => {
      const k = r * params.nodesPerRack + n;
      const name = kindNames[k] ?? `${CLUSTER_NAME}-node${k}`;
      const link = NODE_LINK_BASE + r * 256 + 4 * n;
      return {
        name,
        role: roles[k] ?? "worker",
        srv: `srv-${name.slice(CLUSTER_NAME.length + 1)}`,
        rack: r,
        torIface: `net${params.spines + n}`,
        ip: formatIpv4(link + 2),
        torIp: formatIpv4(link + 1),
        podCIDR: `${formatIpv4(POD_SUBNET_BASE + k * 256)}/24`,
      };
    });
    return {
      index: r,
      label: `rack${r}`,
      tor: `tor${r}`,
      torAsn,
      nodeAsn: params.nodePeering === "ibgp" ? torAsn : NODE_ASN_BASE + r,
      torLoopback: formatIpv4(TOR_LOOPBACKS + 1 + r),
      uplinks,
      nodes,
    };
  });
  const mgmtSubnet = params.mgmtSubnet ?? defaultMgmtSubnet(mgmtAddressesNeeded(params));
  return {
    params,
    spines,
    racks,
    podSubnet: `${formatIpv4(POD_SUBNET_BASE)}/${podPrefix}`,
    ...(mgmtSubnet !== undefined ? { mgmtSubnet } : {}),
  };
}

/**
 * Labs that fit in containerlab's default /24 leave the subnet unset, so fabric can move each to a
 * free /24 and several run side by side; bigger ones need a subnet of their own size.
 */
function defaultMgmtSubnet(needed: number): string | undefined {
  if (needed <= mgmtHostsIn(DEFAULT_MGMT_PREFIX)) return undefined;
  return `${formatIpv4(MGMT_BASE)}/${mgmtPrefixFor(needed)}`;
}

export function allNodes(plan: ClosPlan): NodePlan[] {
  return plan.racks.flatMap((r) => r.nodes);
}

/** IPv4 addresses as plain numbers: the plan is arithmetic on them (a /24 per node, /30s per link). */
function address(text: string): number {
  const parsed = parseIpv4(text);
  if (parsed === undefined) throw new InternalError(`${text} is not an IPv4 address`);
  return Number(parsed.value);
}

function formatIpv4(value: number): string {
  return formatIp({ family: 4, value: BigInt(value) });
}
