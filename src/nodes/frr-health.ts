// Whether a router's bgpd is what deploy left: running, with its BGP configuration, and how it got
// there. watchfrr restarts a bgpd that dies; a restart shows as a bgpd that started well after
// the watchfrr that launched it (frrinit starts both within a second). Read from the node's own
// /proc (each node has its pid namespace) and vtysh, each with a deadline.
import { parseProcStat, type ProcStat } from "../host/proc.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";

const TIMEOUT_MS = 5_000;
/** Clock ticks (USER_HZ, 100 on Linux) between watchfrr's start and bgpd's that mean a restart. */
const RESTART_GAP_TICKS = 500;

export type BgpdHealth =
  /** No watchfrr and no bgpd: this router does not run FRR's BGP (nothing to judge). */
  | { readonly state: "absent" }
  | { readonly state: "running"; readonly restarted: boolean }
  /** watchfrr runs but bgpd does not: it died and watchfrr has not started it (yet). */
  | { readonly state: "down" }
  /** bgpd runs but has no `router bgp`: restarted without the lab's configuration. */
  | { readonly state: "unconfigured"; readonly restarted: boolean }
  | { readonly state: "unknown"; readonly why: string };

/** From the two /proc/PID/stat lines (watchfrr's, bgpd's) and whether a BGP instance exists. */
export function judgeBgpd(stats: readonly ProcStat[], hasBgpInstance: boolean): BgpdHealth {
  const watchfrr = stats.find((s) => s.comm === "watchfrr");
  const bgpd = stats.find((s) => s.comm === "bgpd" && s.state !== "Z");
  if (!bgpd) return watchfrr ? { state: "down" } : { state: "absent" };
  const restarted = watchfrr !== undefined && bgpd.startTime - watchfrr.startTime > RESTART_GAP_TICKS;
  return hasBgpInstance ? { state: "running", restarted } : { state: "unconfigured", restarted };
}

export function describeBgpd(h: BgpdHealth): string {
  switch (h.state) {
    case "absent":
      return "no bgpd";
    case "running":
      return h.restarted ? "bgpd restarted by watchfrr, configuration restored" : "bgpd running";
    case "down":
      return "bgpd is not running (watchfrr restarts it)";
    case "unconfigured":
      return `bgpd ${h.restarted ? "was restarted by watchfrr and " : ""}runs without the lab's BGP configuration`;
    case "unknown":
      return `bgpd state unknown: ${h.why}`;
  }
}

/** Whether the router is fit for checks: a bgpd that is down or empty is a degraded router. */
export function bgpdDegraded(h: BgpdHealth): boolean {
  return h.state === "down" || h.state === "unconfigured";
}

const STATS_SCRIPT =
  "w=$(pgrep -xo watchfrr) && cat /proc/$w/stat; echo; b=$(cat /var/run/frr/bgpd.pid 2>/dev/null) && cat /proc/$b/stat; echo";

export async function bgpdHealth(runtime: Runtime, record: NodeRecord): Promise<BgpdHealth> {
  const procs = await runtime
    .exec(record, ["sh", "-c", STATS_SCRIPT], { timeoutMs: TIMEOUT_MS })
    .catch((e: Error) => e);
  if (procs instanceof Error) return { state: "unknown", why: procs.message };
  const stats = procs.stdout.split("\n").flatMap((line) => (line.trim() ? (parseProcStat(line) ?? []) : []));
  if (!stats.some((s) => s.comm === "bgpd")) return judgeBgpd(stats, false);
  const config = await runtime
    .exec(record, ["vtysh", "-c", "show running-config"], { timeoutMs: TIMEOUT_MS })
    .catch((e: Error) => e);
  if (config instanceof Error) return { state: "unknown", why: config.message };
  if (config.exitCode !== 0) return { state: "unknown", why: `vtysh exited ${config.exitCode}` };
  return judgeBgpd(stats, /^router bgp\b/m.test(config.stdout));
}
