// How many more processes and threads this host lets exist: every one takes a pid from
// kernel.pid_max (threads too, and a process in a node's pid namespace one in the host's as well),
// a slot of kernel.threads-max, and one of its pids cgroup's pids.max where that is set. Past any
// of them fork fails with EAGAIN, wherever in a deploy that happens to be.
import { readFile } from "node:fs/promises";

export interface TaskLimit {
  /** What a user would change: `kernel.pid_max`, or the cgroup's pids.max file. */
  readonly name: string;
  readonly limit: number;
  readonly inUse: number;
}

/** A file holding one number; undefined when it is missing, empty or not a number ("max"). */
async function readNumber(file: string): Promise<number | undefined> {
  const text = (await readFile(file, "utf8").catch(() => undefined))?.trim();
  const n = Number(text);
  return text && Number.isFinite(n) ? n : undefined;
}

/** Tasks (processes and threads) on the host now: /proc/loadavg's "running/total". */
export async function tasksInUse(): Promise<number | undefined> {
  const text = await readFile("/proc/loadavg", "utf8").catch(() => undefined);
  const m = /\s\d+\/(\d+)\s/.exec(text ?? "");
  return m ? Number(m[1]) : undefined;
}

/** The pids cgroup this process is in (v1 `N:pids:/path` or v2 `0::/path`), and its limit if any. */
async function cgroupLimit(): Promise<TaskLimit | undefined> {
  const lines = (await readFile("/proc/self/cgroup", "utf8").catch(() => "")).split("\n");
  const v1 = lines.map((l) => /^\d+:pids:(.*)$/.exec(l)?.[1]).find((p) => p !== undefined);
  const v2 = lines.map((l) => /^0::(.*)$/.exec(l)?.[1]).find((p) => p !== undefined);
  const dir =
    v1 !== undefined ? `/sys/fs/cgroup/pids${v1}` : v2 !== undefined ? `/sys/fs/cgroup${v2}` : undefined;
  if (dir === undefined) return undefined;
  const limit = await readNumber(`${dir}/pids.max`);
  const current = await readNumber(`${dir}/pids.current`);
  // "max" (no limit), or a file that is not there: nothing to respect.
  if (limit === undefined || current === undefined) return undefined;
  return { name: `${dir}/pids.max`, limit, inUse: current };
}

/** Every limit that applies here, read now; the tightest is the one that matters. */
export async function readTaskLimits(): Promise<TaskLimit[]> {
  const inUse = await tasksInUse();
  if (inUse === undefined) return [];
  const limits: TaskLimit[] = [];
  const pidMax = await readNumber("/proc/sys/kernel/pid_max");
  // Pids below 300 are the kernel's own; a wrapped allocation never hands them out.
  if (pidMax !== undefined) limits.push({ name: "kernel.pid_max", limit: pidMax - 300, inUse });
  const threadsMax = await readNumber("/proc/sys/kernel/threads-max");
  if (threadsMax !== undefined) limits.push({ name: "kernel.threads-max", limit: threadsMax, inUse });
  const cgroup = await cgroupLimit();
  if (cgroup) limits.push(cgroup);
  return limits;
}
