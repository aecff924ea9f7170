// `fabric node stop|start` on the netns runtime: SIGSTOP / SIGCONT of every process in the node's
// pid namespace except its holder (pid 1), the way `docker pause` freezes a container.
//
// Why freezing rather than stopping FRR and the speaker and starting them again: it works for
// every node whatever runs in it (FRR started by exec lines and configured by vtysh lines that
// were never saved, BIRD, a speaker, a pod's command), and `start` needs to know nothing about how
// the node was brought up — its processes simply carry on, so the node comes back exactly as it
// was, links, addresses and config included. What it emulates is a hung node: its peers lose the
// BGP sessions when their hold timers expire (9 s with FRR's datacenter defaults), not at once;
// its kernel still answers ARP and forwards on its last routes, as a hung control plane would.
//
// The launchers: a process fabric spawned into a node (a `--speaker-mode process` speaker, a pod
// command) has nsenter on the host as its parent. nsenter waits with WUNTRACED and, when its child
// stops, stops itself too, and only a SIGCONT to nsenter itself resumes it. Left stopped, it never
// reaps its child, and the node's pid 1 then cannot finish dying: destroy's SIGKILL "fails". So
// `start` (and destroy, through thawNodes) resumes those host-side launchers as well.
import { readlink } from "node:fs/promises";
import {
  listPids,
  readCmdline,
  readProcStat,
  scanProcStatsSync,
  signalIfSame,
  type ProcStat,
} from "../host/proc.js";
import type { ProcessRef } from "../host/proc.js";

async function pidNamespace(pid: number): Promise<string | undefined> {
  return readlink(`/proc/${pid}/ns/pid`).catch(() => undefined);
}

/** Every live process in the holder's pid namespace except the holder itself. */
export async function nodeProcesses(holder: ProcessRef): Promise<ProcStat[]> {
  const ns = await pidNamespace(holder.pid);
  if (!ns) return [];
  const found: ProcStat[] = [];
  for (const pid of await listPids()) {
    if (pid === holder.pid || (await pidNamespace(pid)) !== ns) continue;
    const stat = await readProcStat(pid);
    if (stat && stat.state !== "Z") found.push(stat);
  }
  return found;
}

/**
 * The host-side parents of the node's processes (nsenter, for what fabric spawned into it): the
 * parents that are neither in the node's pid namespace nor the holder. Pure over the scan.
 */
export function launcherPids(holder: ProcessRef, inNode: readonly ProcStat[]): number[] {
  const inside = new Set(inNode.map((p) => p.pid));
  const parents = inNode.map((p) => p.ppid).filter((pp) => pp !== holder.pid && !inside.has(pp) && pp > 1);
  return [...new Set(parents)];
}

/**
 * Signals them all; for SIGSTOP, scans again until a pass finds nothing new, since a process
 * may fork between the scan and the signal. SIGCONT also resumes stopped launchers (see above).
 * Returns how many processes in the node were signalled.
 */
export async function signalNode(holder: ProcessRef, signal: "SIGSTOP" | "SIGCONT"): Promise<number> {
  const done = new Set<string>();
  for (let pass = 0; pass < 5; pass++) {
    const inNode = await nodeProcesses(holder);
    const fresh = inNode.filter((p) => !done.has(`${p.pid}:${p.startTime}`));
    if (signal === "SIGCONT") await resumeLaunchers(holder, inNode);
    if (fresh.length === 0) break;
    for (const p of fresh) {
      if (await signalIfSame(p, signal)) done.add(`${p.pid}:${p.startTime}`);
    }
    if (signal === "SIGCONT") break;
  }
  return done.size;
}

async function resumeLaunchers(holder: ProcessRef, inNode: readonly ProcStat[]): Promise<void> {
  for (const pid of launcherPids(holder, inNode)) {
    const stat = await readProcStat(pid);
    if (stat?.state === "T") await signalIfSame(stat, "SIGCONT");
  }
}

/** A process as one scan of /proc sees it, for thawing. */
export interface ScannedProcess extends ProcStat {
  /** Its pid namespace (the /proc/PID/ns/pid link); undefined when it could not be read. */
  readonly pidNs: string | undefined;
}

/**
 * Of one scan, the stopped processes that keep the holders' nodes from dying cleanly: those in a
 * node's pid namespace, their host-side launchers, and (for a node half removed already, whose
 * dying pid 1's namespace can no longer be read) a launcher whose argv names the holder as its
 * nsenter target. Pure over the scan; `argvOf` is asked only about stopped processes.
 */
export async function stoppedInNodes(
  holders: readonly ProcessRef[],
  scan: readonly ScannedProcess[],
  argvOf: (pid: number) => Promise<string[] | undefined>,
): Promise<ProcStat[]> {
  const holderPids = new Set(holders.map((h) => h.pid));
  const nodeNs = new Set(
    scan.filter((p) => holderPids.has(p.pid) && p.pidNs !== undefined).map((p) => p.pidNs),
  );
  const inNodes = scan.filter((p) => !holderPids.has(p.pid) && nodeNs.has(p.pidNs) && p.state !== "Z");
  const inside = new Set(inNodes.map((p) => p.pid));
  const launchers = new Set(
    inNodes.map((p) => p.ppid).filter((pp) => pp > 1 && !holderPids.has(pp) && !inside.has(pp)),
  );
  const targets = [...holderPids].map(String);
  const found: ProcStat[] = [];
  for (const p of scan) {
    if (p.state !== "T" || holderPids.has(p.pid)) continue;
    if (inside.has(p.pid) || launchers.has(p.pid)) found.push(p);
    else {
      const argv = await argvOf(p.pid);
      if (argv && targets.some((t) => isLauncherOf(argv, t))) found.push(p);
    }
  }
  return found;
}

/**
 * Destroy's first step: resume everything in the lab's nodes, launchers included, so SIGTERM is
 * acted on (a speaker's Cease) and every process that SIGKILL ends is reaped. Harmless on nodes
 * that were never frozen. One scan of /proc for all the nodes: a scan per node (two, with the
 * launchers' argv) cost a second per 10 nodes on a host running a large lab.
 */
export async function thawNodes(holders: readonly ProcessRef[]): Promise<void> {
  if (holders.length === 0) return;
  const stats = scanProcStatsSync();
  // Only stopped processes are resumed: with none on the host, the usual case, the pid namespace
  // of every process (a second read each, thousands beside a large lab) is not needed.
  if (!anyStopped(holders, stats)) return;
  const present = await Promise.all(
    stats.map(async (stat): Promise<ScannedProcess> => ({ ...stat, pidNs: await pidNamespace(stat.pid) })),
  );
  for (const p of await stoppedInNodes(holders, present, readCmdline)) await signalIfSame(p, "SIGCONT");
}

/** Whether a process other than the holders is stopped (stoppedInNodes finds only such). Pure. */
export function anyStopped(holders: readonly ProcessRef[], stats: readonly ProcStat[]): boolean {
  const holderPids = new Set(holders.map((h) => h.pid));
  return stats.some((s) => s.state === "T" && !holderPids.has(s.pid));
}

/** `nsenter --target PID …` for this PID. Pure. */
export function isLauncherOf(argv: readonly string[], holderPid: string): boolean {
  const at = argv.indexOf("--target");
  return (argv[0] ?? "").endsWith("nsenter") && at >= 0 && argv[at + 1] === holderPid;
}
