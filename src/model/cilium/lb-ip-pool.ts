// CiliumLoadBalancerIPPool (cilium.io/v2 and v2alpha1) as read and checked: the ranges Cilium's
// LB-IPAM hands LoadBalancer addresses out of. A block is a `cidr` or a `start`/`stop` range
// (`start` alone is one address); every address of a block is allocatable (allowFirstLastIPs
// unset means Yes in Cilium's schema). `serviceSelector` also sees the two labels LB-IPAM adds,
// io.kubernetes.service.namespace and io.kubernetes.service.name.
import type { Location } from "../../errors.js";
import { compareIp, formatIp, parseCidr, parseIp, type IpAddress } from "../../net/index.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { readLabelSelector } from "./label-selector.js";
import type { LabelSelector } from "./types.js";

export const LB_IP_POOL_KIND = "CiliumLoadBalancerIPPool";

/** An inclusive range of one family; a CIDR block is its network to its last address. */
export interface PoolRange {
  readonly first: IpAddress;
  readonly last: IpAddress;
  /** As written, for messages: `10.250.0.0/24` or `10.250.0.10-10.250.0.20`. */
  readonly text: string;
  readonly location: Location;
}

export interface LbIpPool {
  readonly name: string;
  readonly ranges: readonly PoolRange[];
  /** Absent: every LoadBalancer Service may get an address from it. */
  readonly serviceSelector?: LabelSelector;
  /** No new addresses come from a disabled pool. */
  readonly disabled: boolean;
  readonly location: Location;
}

export function rangeContains(range: PoolRange, address: IpAddress): boolean {
  return (
    address.family === range.first.family &&
    compareIp(range.first, address) <= 0 &&
    compareIp(address, range.last) <= 0
  );
}

export function rangesOverlap(a: PoolRange, b: PoolRange): boolean {
  return (
    a.first.family === b.first.family && compareIp(a.first, b.last) <= 0 && compareIp(b.first, a.last) <= 0
  );
}

/** The pool's spec; the header (apiVersion, kind, name) was checked by the caller. */
export function readLbIpPool(r: DocReader, name: string): LbIpPool {
  r.unknownKeys(["spec"], ["blocks", "cidrs", "serviceSelector", "disabled", "allowFirstLastIPs"]);
  const listKey =
    r.get(["spec", "blocks"]) === undefined && r.get(["spec", "cidrs"]) !== undefined ? "cidrs" : "blocks";
  const blocks = r.array(["spec", listKey]) ?? [];
  if (blocks.length === 0) {
    r.error(
      ["spec"],
      "cilium-pool-no-blocks",
      `CiliumLoadBalancerIPPool "${name}" has no blocks`,
      'add spec.blocks, e.g. - cidr: "10.250.0.0/24"',
    );
  }
  const ranges: PoolRange[] = [];
  blocks.forEach((_, i) => {
    const at = ["spec", listKey, i];
    const range = readBlock(r, at);
    if (range) ranges.push(range);
  });
  const serviceSelector = readLabelSelector(r, ["spec", "serviceSelector"]);
  return {
    name,
    ranges,
    ...(serviceSelector && { serviceSelector }),
    disabled: r.bool(["spec", "disabled"]) ?? false,
    location: r.at(["metadata", "name"]),
  };
}

function readBlock(r: DocReader, at: (string | number)[]): PoolRange | undefined {
  const location = r.at(at);
  const cidrText = r.string([...at, "cidr"]);
  const startText = r.string([...at, "start"]);
  const stopText = r.string([...at, "stop"]);
  if (cidrText !== undefined) {
    if (startText !== undefined || stopText !== undefined) {
      r.error(at, "cilium-pool-bad-block", "a block is either a cidr or a start/stop range, not both");
      return undefined;
    }
    const parsed = parseCidr(cidrText);
    if (!parsed.ok) {
      r.error(
        [...at, "cidr"],
        "cilium-pool-bad-block",
        `cidr ${parsed.message}`,
        "write a network like 10.250.0.0/24",
      );
      return undefined;
    }
    const { address, prefixLength } = parsed.cidr;
    const last = { family: address.family, value: address.value | hostBitsOf(address.family, prefixLength) };
    return { first: address, last, text: cidrText, location };
  }
  if (startText === undefined) {
    r.error(at, "cilium-pool-bad-block", "a block needs a cidr or a start (and optionally a stop)");
    return undefined;
  }
  const first = parseIp(startText);
  if (first === undefined) {
    r.error([...at, "start"], "cilium-pool-bad-block", `start "${startText}" is not an IP address`);
    return undefined;
  }
  const last = stopText === undefined ? first : parseIp(stopText);
  if (last === undefined) {
    r.error([...at, "stop"], "cilium-pool-bad-block", `stop "${stopText}" is not an IP address`);
    return undefined;
  }
  if (last.family !== first.family || compareIp(first, last) > 0) {
    r.error(
      [...at, "stop"],
      "cilium-pool-bad-block",
      `stop ${formatIp(last)} does not follow start ${formatIp(first)} in the same address family`,
    );
    return undefined;
  }
  const text = stopText === undefined ? startText : `${startText}-${stopText}`;
  return { first, last, text, location };
}

/** The host part of a prefix, all ones: the last address is the network OR this. */
function hostBitsOf(family: 4 | 6, prefixLength: number): bigint {
  const width = family === 4 ? 32n : 128n;
  return (1n << (width - BigInt(prefixLength))) - 1n;
}
