// Reading what a node reports — FRR's JSON, `ip -json route`, ping and traceroute output — into
// small typed facts the checks compare against. Pure.

export interface BgpPath {
  readonly asPath: readonly number[];
  readonly nextHop?: string;
  readonly communities: readonly string[];
  readonly localPreference?: number;
}

/** `show bgp summary json` → peer key (address or interface), hostname and state. */
export function frrPeers(json: string): { key: string; hostname?: string; state: string }[] {
  const summary = JSON.parse(json) as Record<
    string,
    { peers?: Record<string, { state?: string; hostname?: string }> }
  >;
  const out: { key: string; hostname?: string; state: string }[] = [];
  for (const family of Object.values(summary)) {
    for (const [key, p] of Object.entries(family?.peers ?? {})) {
      if (out.some((o) => o.key === key)) continue;
      out.push({ key, state: p.state ?? "unknown", ...(p.hostname ? { hostname: p.hostname } : {}) });
    }
  }
  return out;
}

interface FrrPath {
  aspath?: { string?: string };
  nexthops?: { ip?: string }[];
  community?: { string?: string };
  largeCommunity?: { string?: string };
  locPrf?: number;
  bestpath?: { overall?: boolean };
}

/** `show bgp ipv4 unicast PREFIX json` → the best path, or undefined when not in the table. */
export function frrBestPath(json: string): BgpPath | undefined {
  const route = JSON.parse(json) as { paths?: FrrPath[] };
  const paths = route.paths ?? [];
  const best = paths.find((p) => p.bestpath?.overall) ?? paths[0];
  if (!best) return undefined;
  const asText = best.aspath?.string ?? "";
  return {
    asPath: asText
      .split(/\s+/)
      .filter((t) => /^\d+$/.test(t))
      .map(Number),
    ...(best.nexthops?.[0]?.ip ? { nextHop: best.nexthops[0].ip } : {}),
    communities: [
      ...(best.community?.string ?? "").split(/\s+/).filter(Boolean),
      ...(best.largeCommunity?.string ?? "").split(/\s+/).filter(Boolean),
    ],
    ...(best.locPrf !== undefined ? { localPreference: best.locPrf } : {}),
  };
}

export interface KernelRoute {
  readonly dst: string;
  readonly gateway?: string;
  readonly dev?: string;
  readonly protocol?: string;
}

/** `ip -json route`: the next hop is `gateway`, or `via.host` when it is of another family. */
export function kernelRoutes(json: string): KernelRoute[] {
  const list = (json.trim() ? JSON.parse(json) : []) as {
    dst: string;
    gateway?: string;
    via?: { host?: string };
    dev?: string;
    protocol?: string;
  }[];
  return list.map((r) => ({
    dst: r.dst,
    ...((r.gateway ?? r.via?.host) ? { gateway: r.gateway ?? r.via?.host } : {}),
    ...(r.dev ? { dev: r.dev } : {}),
    ...(r.protocol ? { protocol: r.protocol } : {}),
  }));
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
