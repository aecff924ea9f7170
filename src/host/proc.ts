// Reading /proc. A pid alone is not an identity: after a process exits the kernel may hand its
// pid to an unrelated process. (pid, start time) is, because start time (field 22 of
// /proc/PID/stat, in clock ticks since boot) never repeats for a reused pid. Every kill fabric
// does checks both, so a stale lab record can never kill a stranger.
import { readdirSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { limiter } from "../util/limit.js";

/**
 * /proc files read at once, by anyone in this process: each read holds a descriptor until it
 * completes. Unbounded, a scan of a host running large labs (thousands of processes) hit the
 * 20,000-fd limit (`EMFILE … scandir '/proc'`), and so did hundreds of concurrent "is this node
 * still running" checks. libuv reads files on 4 threads, so more buys nothing.
 */
const procReads = limiter(16);

function readProcFile(file: string): Promise<string> {
  return procReads(() => readFile(file, "utf8"));
}

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks after boot; opaque, only compared for equality. */
  readonly startTime: number;
}

/** A process identity that survives being written to a JSON file. */
export interface ProcessRef {
  readonly pid: number;
  readonly startTime: number;
}

/**
 * Parses /proc/PID/stat (proc(5)). comm is wrapped in parentheses and may itself contain spaces
 * and parentheses, so the fields are split after the *last* ')'.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (
    !Number.isInteger(pid) ||
    state === undefined ||
    !Number.isInteger(ppid) ||
    !Number.isInteger(startTime)
  ) {
    return undefined;
  }
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTime };
}

export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readProcFile(`/proc/${pid}/stat`));
  } catch {
    return undefined; // gone, or never existed
  }
}

/** True while that very process (not a later one with its pid) exists and is not a zombie. */
export async function isRunning(ref: ProcessRef): Promise<boolean> {
  const stat = await readProcStat(ref.pid);
  return stat !== undefined && stat.startTime === ref.startTime && stat.state !== "Z";
}

export async function processRef(pid: number): Promise<ProcessRef | undefined> {
  const stat = await readProcStat(pid);
  return stat && { pid, startTime: stat.startTime };
}

/** NUL-separated /proc/PID/cmdline as argv; undefined when unreadable. */
export async function readCmdline(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readProcFile(`/proc/${pid}/cmdline`);
    return raw.split("\0").filter((_, i, all) => i < all.length - 1 || all[i] !== "");
  } catch {
    return undefined;
  }
}

export async function listPids(): Promise<number[]> {
  const entries = await readdir("/proc");
  return entries.filter((e) => /^\d+$/.test(e)).map(Number);
}

/**
 * Every process's stat, read synchronously in one pass: for a caller that has nothing else to
 * do meanwhile (destroy's first step). Through libuv's four threads a read costs ~150 µs, here
 * ~17 µs: beside a large lab (20,000 processes) the scan took ~3 s, so a 4-node lab's destroy
 * could not start its removals for seconds.
 */
export function scanProcStatsSync(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone since the listing
    }
    const stat = parseProcStat(text);
    if (stat) stats.push(stat);
  }
  return stats;
}

/**
 * Children of a process, by scanning every /proc/PID/stat: /proc/PID/task/TID/children needs
 * CONFIG_PROC_CHILDREN, which not every kernel (this one included) has. O(processes on the host),
 * so only for rare paths (stopping one process); nothing that runs per node at deploy uses it.
 */
export async function childrenOf(ppid: number): Promise<ProcStat[]> {
  const stats = await Promise.all((await listPids()).map(readProcStat));
  return stats.filter((s): s is ProcStat => s !== undefined && s.ppid === ppid);
}

/** Processes whose argv satisfies `match`; used to find a holder whose pid was never recorded. */
export async function findByCmdline(match: (argv: string[]) => boolean): Promise<ProcStat[]> {
  const hits = await Promise.all(
    (await listPids()).map(async (pid) => {
      const argv = await readCmdline(pid);
      return argv && match(argv) ? readProcStat(pid) : undefined;
    }),
  );
  return hits.filter((s): s is ProcStat => s !== undefined);
}

/** Sends a signal only if `ref` still names the same process; false when it was already gone. */
export async function signalIfSame(ref: ProcessRef, signal: NodeJS.Signals): Promise<boolean> {
  if (!(await isRunning(ref))) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw cause;
  }
}

export async function waitUntilGone(ref: ProcessRef, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(ref)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
