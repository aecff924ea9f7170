// Reading what a node reports — `ip -json route`, ping and traceroute output — into small typed
// facts the checks compare against. Pure. FRR's JSON is read by the FRR adapter (nodes/frr-json.ts).
import * as v from "valibot";
import { parseJson } from "../util/json.js";

export interface NextHop {
  readonly gateway?: string;
  readonly dev?: string;
}

export interface KernelRoute extends NextHop {
  readonly dst: string;
  readonly protocol?: string;
  /** Every next hop: the route's own for a single path, `nexthops` for a multipath (ECMP) route. */
  readonly nextHops: readonly NextHop[];
}

const IpNextHop = {
  gateway: v.optional(v.string()),
  via: v.optional(v.object({ host: v.optional(v.string()) })),
  dev: v.optional(v.string()),
};

const IpRoutes = v.array(
  v.object({
    dst: v.string(),
    ...IpNextHop,
    protocol: v.optional(v.string()),
    nexthops: v.optional(v.array(v.object(IpNextHop))),
  }),
);

function nextHop(h: v.InferOutput<ReturnType<typeof v.object<typeof IpNextHop>>>): NextHop {
  const gateway = h.gateway ?? h.via?.host;
  return { ...(gateway && { gateway }), ...(h.dev && { dev: h.dev }) };
}

/** `ip -json route`: the next hop is `gateway`, or `via.host` when it is of another family. */
export function kernelRoutes(json: string, node?: string): KernelRoute[] {
  if (!json.trim()) return [];
  const list = parseJson(IpRoutes, json, {
    what: `\`ip -json route\`${node ? ` on ${node}` : ""}`,
    code: "host-bad-output",
  });
  return list.map((r) => {
    const own = nextHop(r);
    return {
      dst: r.dst,
      ...own,
      ...(r.protocol && { protocol: r.protocol }),
      nextHops: r.nexthops ? r.nexthops.map(nextHop) : [own],
    };
  });
}

/** iputils ping summary: `3 packets transmitted, 3 received, 0% packet loss`. */
export function pingLoss(
  output: string,
): { transmitted: number; received: number; lossPercent: number } | undefined {
  const m = /(\d+) packets transmitted, (\d+) received(?:, \+\d+ errors)?, ([\d.]+)% packet loss/.exec(
    output,
  );
  if (!m) return undefined;
  return { transmitted: Number(m[1]), received: Number(m[2]), lossPercent: Number(m[3]) };
}

/** `traceroute -n -q 1` lines → one address (or "*") per hop, in order. */
export function tracerouteHops(output: string): string[] {
  const hops: string[] = [];
  for (const line of output.split("\n")) {
    const m = /^\s*(\d+)\s+(\S+)/.exec(line);
    if (!m) continue;
    hops[Number(m[1]) - 1] = m[2] === "*" ? "*" : (m[2] ?? "*");
  }
  return Array.from(hops, (h) => h ?? "*");
}
