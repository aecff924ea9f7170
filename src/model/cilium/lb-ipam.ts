// Cilium's LB-IPAM on a lab's Services: every Service of type LoadBalancer gets an address from a
// CiliumLoadBalancerIPPool that selects it (the first in file order with a free address, its lowest
// free address), or the address it asks for (spec.loadBalancerIP, the lbipam.cilium.io/ips
// annotation) when a selecting, enabled pool holds it. LB-IPAM is dormant until a pool exists
// (Cilium's documented behaviour): without pools a Service keeps what its manifest says.
//
// Where Cilium would leave a Service pending with a condition, or mark a pool Conflicting, fabric
// refuses the lab at validate with the line to fix: a lab that deploys must answer.
import type { Diagnostic } from "../../errors.js";
import { compareIp, formatIp, parseIp, type IpAddress } from "../../net/index.js";
import type { Service } from "../model.js";
import { rangeContains, rangesOverlap, type LbIpPool, type PoolRange } from "./lb-ip-pool.js";
import { selectorMatches } from "./label-selector.js";

export interface LbIpamResult {
  readonly services: Service[];
  readonly diagnostics: Diagnostic[];
}

/** The labels a pool's serviceSelector matches: the Service's plus LB-IPAM's two. */
export function serviceSelectorLabels(service: Service): Record<string, string> {
  return {
    ...service.labels,
    "io.kubernetes.service.namespace": service.namespace,
    "io.kubernetes.service.name": service.name,
  };
}

export function poolSelects(pool: LbIpPool, service: Service): boolean {
  return (
    pool.serviceSelector === undefined ||
    selectorMatches(pool.serviceSelector, serviceSelectorLabels(service))
  );
}

/** Two pools (or two blocks of one) sharing an address: Cilium marks the later pool Conflicting. */
export function poolOverlaps(pools: readonly LbIpPool[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen: { pool: LbIpPool; range: PoolRange }[] = [];
  for (const pool of pools) {
    for (const range of pool.ranges) {
      const clash = seen.find((s) => rangesOverlap(s.range, range));
      if (clash) {
        const other =
          clash.pool === pool
            ? "another block of this pool"
            : `pool "${clash.pool.name}" (${clash.range.text})`;
        out.push({
          severity: "error",
          code: "cilium-pool-overlap",
          message: `CiliumLoadBalancerIPPool "${pool.name}": block ${range.text} overlaps ${other}`,
          location: range.location,
          suggestion:
            "make the pools' blocks disjoint; Cilium marks an overlapping pool Conflicting and allocates nothing from it",
        });
      }
      seen.push({ pool, range });
    }
  }
  return out;
}

export function assignLoadBalancerIPs(
  services: readonly Service[],
  pools: readonly LbIpPool[],
): LbIpamResult {
  const diagnostics = poolOverlaps(pools);
  if (pools.length === 0) {
    // Dormant: what the manifest asks for is what the Service has (fabric's behaviour before pools).
    return {
      services: services.map((s) =>
        s.requestedLoadBalancerIPs.length === 0
          ? s
          : { ...s, loadBalancerIPs: unique([...s.requestedLoadBalancerIPs, ...s.loadBalancerIPs]) },
      ),
      diagnostics,
    };
  }
  const usable = pools.filter((p) => !p.disabled);
  const taken = new Set<string>();
  const out = new Map<Service, Service>();
  const lbServices = services.filter((s) => s.type === "LoadBalancer");
  // Requests first, so an allocation never takes an address another Service asked for.
  for (const service of lbServices) {
    if (service.requestedLoadBalancerIPs.length === 0) continue;
    const assigned: string[] = [];
    for (const ip of service.requestedLoadBalancerIPs) {
      const reason = refuse(ip, service, usable, pools, taken);
      if (reason !== undefined) {
        diagnostics.push({
          severity: "error",
          code: "cilium-pool-request",
          message: `Service ${id(service)} asks for ${ip}, but ${reason}`,
          location: service.at.loadBalancerIP ?? service.location,
          suggestion:
            "ask for an address inside an enabled pool whose serviceSelector matches this Service, or add a block holding it",
        });
        continue;
      }
      taken.add(ip);
      assigned.push(ip);
    }
    out.set(service, { ...service, loadBalancerIPs: assigned });
  }
  for (const service of lbServices) {
    if (service.requestedLoadBalancerIPs.length > 0) continue;
    const ip = allocate(service, usable, taken);
    if (ip === undefined) {
      diagnostics.push({
        severity: "error",
        code: "cilium-pool-exhausted",
        message: `Service ${id(service)} is of type LoadBalancer, but no enabled CiliumLoadBalancerIPPool that selects it has a free address`,
        location: service.location,
        suggestion: "add a pool (or a block) whose serviceSelector matches the Service's labels",
      });
      continue;
    }
    taken.add(ip);
    out.set(service, { ...service, loadBalancerIPs: [ip] });
  }
  return { services: services.map((s) => out.get(s) ?? s), diagnostics };
}

function refuse(
  ip: string,
  service: Service,
  usable: readonly LbIpPool[],
  all: readonly LbIpPool[],
  taken: ReadonlySet<string>,
): string | undefined {
  const address = parseIp(ip);
  if (address === undefined) return "it is not an address";
  if (taken.has(ip)) return "another Service already has it";
  const holding = all.filter((p) => p.ranges.some((r) => rangeContains(r, address)));
  if (holding.length === 0)
    return `no CiliumLoadBalancerIPPool holds it (pools: ${all.map(describe).join("; ")})`;
  const enabled = holding.filter((p) => usable.includes(p));
  if (enabled.length === 0)
    return `the pool holding it (${holding.map((p) => p.name).join(", ")}) is disabled`;
  if (!enabled.some((p) => poolSelects(p, service)))
    return `the pool holding it (${enabled.map((p) => p.name).join(", ")}) does not select this Service`;
  return undefined;
}

function allocate(
  service: Service,
  usable: readonly LbIpPool[],
  taken: ReadonlySet<string>,
): string | undefined {
  for (const pool of usable) {
    if (!poolSelects(pool, service)) continue;
    for (const range of pool.ranges) {
      for (
        let a: IpAddress = range.first;
        compareIp(a, range.last) <= 0;
        a = { family: a.family, value: a.value + 1n }
      ) {
        const text = formatIp(a);
        if (!taken.has(text)) return text;
      }
    }
  }
  return undefined;
}

const describe = (p: LbIpPool): string => `${p.name}: ${p.ranges.map((r) => r.text).join(", ")}`;
const id = (s: Service): string => `${s.namespace}/${s.name}`;
const unique = (xs: readonly string[]): string[] => [...new Set(xs)];
