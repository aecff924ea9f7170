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
import { readlink } from "node:fs/promises";
import { listPids, readProcStat, signalIfSame } from "../host/proc.js";
import type { ProcessRef } from "../host/proc.js";

async function pidNamespace(pid: number): Promise<string | undefined> {
  return readlink(`/proc/${pid}/ns/pid`).catch(() => undefined);
}

/** Every process in the holder's pid namespace except the holder itself. */
export async function nodeProcesses(holder: ProcessRef): Promise<ProcessRef[]> {
  const ns = await pidNamespace(holder.pid);
  if (!ns) return [];
  const found: ProcessRef[] = [];
  for (const pid of await listPids()) {
    if (pid === holder.pid || (await pidNamespace(pid)) !== ns) continue;
    const stat = await readProcStat(pid);
    if (stat && stat.state !== "Z") found.push({ pid, startTime: stat.startTime });
  }
  return found;
}

/**
 * Signals them all; for SIGSTOP, scans again until a pass finds nothing new, since a process
 * may fork between the scan and the signal. Returns how many processes were signalled.
 */
export async function signalNode(holder: ProcessRef, signal: "SIGSTOP" | "SIGCONT"): Promise<number> {
  const done = new Set<string>();
  for (let pass = 0; pass < 5; pass++) {
    const fresh = (await nodeProcesses(holder)).filter((p) => !done.has(`${p.pid}:${p.startTime}`));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      if (await signalIfSame(p, signal)) done.add(`${p.pid}:${p.startTime}`);
    }
    if (signal === "SIGCONT") break;
  }
  return done.size;
}
