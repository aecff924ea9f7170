// The default gateway of the speaker's network namespace, for Cilium's `autoDiscovery` (mode
// DefaultGateway). Read from procfs, not with `ip`: /proc/thread-self/net/* shows the namespace
// of the reading thread, so inside NetworkNamespace.run it is the node's, and a read is a
// synchronous system call rather than a process per node per poll.
import { readFileSync } from "node:fs";
import type { Afi } from "../config/speaker-config.js";
import { formatIp, fromBytes } from "../../net/index.js";
import type { NetworkNamespace } from "./netns.js";

/** The gateway of the default route of a family, undefined without one. */
export type GatewaySource = (family: Afi) => string | undefined;

const RTF_GATEWAY = 0x2;

/**
 * /proc/net/route: `Iface Destination Gateway Flags RefCnt Use Metric Mask …`, addresses as
 * 8 hex digits in host (little-endian) byte order. The default route is destination and mask 0
 * with the gateway flag; of several, the lowest metric is the one the kernel uses.
 */
export function ipv4DefaultGateway(text: string): string | undefined {
  let best: { gateway: string; metric: number } | undefined;
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [, dest, gw, flags, , , metric, mask] = f;
    if (dest !== "00000000" || mask !== "00000000") continue;
    if ((parseInt(flags ?? "0", 16) & RTF_GATEWAY) === 0) continue;
    const le = parseInt(gw ?? "0", 16);
    const gateway = formatIp(fromBytes([le & 255, (le >>> 8) & 255, (le >>> 16) & 255, le >>> 24]));
    const m = Number(metric);
    if (!best || m < best.metric) best = { gateway, metric: m };
  }
  return best?.gateway;
}

/**
 * /proc/net/ipv6_route: `dest destlen src srclen nexthop metric refcnt use flags iface`, addresses
 * as 32 hex digits in network order. A default route through a link-local gateway (the usual one
 * from router advertisements) cannot be dialled without its interface: it is left out, and the
 * caller says why.
 */
export function ipv6DefaultGateway(text: string): { gateway?: string; linkLocalOnly?: string } {
  let best: { gateway: string; metric: number } | undefined;
  let linkLocal: string | undefined;
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [dest, destLen, , , nextHop, metric] = f;
    if (dest !== "0".repeat(32) || destLen !== "00" || !nextHop || /^0+$/.test(nextHop)) continue;
    const bytes = (nextHop.match(/../g) ?? []).map((b) => parseInt(b, 16));
    const gateway = formatIp(fromBytes(bytes));
    if (gateway.startsWith("fe80:")) {
      linkLocal = gateway;
      continue;
    }
    const m = parseInt(metric ?? "0", 16);
    if (!best || m < best.metric) best = { gateway, metric: m };
  }
  return best ? { gateway: best.gateway } : linkLocal ? { linkLocalOnly: linkLocal } : {};
}

/** Gateways of `ns` (or of this process's namespace). */
export function namespaceGateways(ns?: NetworkNamespace): GatewaySource {
  const inside = <T>(f: () => T): T => (ns ? ns.run(f) : f());
  const read = (file: string): string => {
    try {
      return inside(() => readFileSync(`/proc/thread-self/net/${file}`, "utf8"));
    } catch {
      return ""; // IPv6 disabled, or the namespace is gone: no gateway
    }
  };
  return (family) =>
    family === "ipv4" ? ipv4DefaultGateway(read("route")) : ipv6DefaultGateway(read("ipv6_route")).gateway;
}
