// How long the speaker host's own work held its event loop, apart from how long it waited for a
// core.
//
// monitorEventLoopDelay says how late a timer fired: on a two-core machine deploying a thousand
// nodes that is mostly the time this process waited to be scheduled while FRR, the kernel and the
// deploy ran (a profile of a 304 ms gap found the process on a core for 30 ms of it). The goal it
// serves is "no callback runs longer than 50 ms", so this measures that directly: a 10 ms tick
// reads the main thread's time on a CPU (/proc/self/task/PID/schedstat, in nanoseconds, which
// counts this thread only: not GC helper threads, not libuv's pool) and keeps the most it grew
// between two ticks. Whatever ran between two ticks ran back to back on the loop, so that maximum
// bounds the longest callback (or chain of callbacks with no timer turn between them) from above.
//
// The same file's second field is the time the thread was runnable but waited for a core; its
// largest growth between two ticks tells a host starved of CPU (its timers late because the
// machine is busy) from one blocked in a system call (late, neither running nor waiting).
import { readFileSync } from "node:fs";

const TICK_MS = 10;

export interface BusyMonitor {
  /** The most main-thread CPU time between two ticks, in ms; undefined where it cannot be read. */
  maxMs(): number | undefined;
  /** The most time the main thread waited for a core between two ticks, in ms. */
  waitMaxMs(): number | undefined;
  stop(): void;
}

/** A thread's schedstat: time on a CPU and time runnable in the run queue, both in ns. */
export interface ThreadTimes {
  readonly cpuNs: number;
  readonly waitNs: number;
}

/** The main thread's schedstat, or undefined without Linux's schedstat. */
export function mainThreadTimes(file = `/proc/self/task/${process.pid}/schedstat`): ThreadTimes | undefined {
  try {
    const [cpu, wait] = readFileSync(file, "utf8").split(" ", 2).map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpuNs: cpu!, waitNs: wait! } : undefined;
  } catch {
    return undefined;
  }
}

/** The main thread's time on a CPU in ns, or undefined without Linux's schedstat. */
export function mainThreadCpuNs(file?: string): number | undefined {
  return mainThreadTimes(file)?.cpuNs;
}

export function startBusyMonitor(read: () => ThreadTimes | undefined = mainThreadTimes): BusyMonitor {
  let last = read();
  let maxNs = 0;
  let waitMaxNs = 0;
  const timer =
    last === undefined
      ? undefined
      : setInterval(() => {
          const now = read();
          if (now === undefined || last === undefined) return;
          maxNs = Math.max(maxNs, now.cpuNs - last.cpuNs);
          waitMaxNs = Math.max(waitMaxNs, now.waitNs - last.waitNs);
          last = now;
        }, TICK_MS);
  // It measures the loop; it must not be what keeps the process alive.
  timer?.unref();
  const ms = (ns: number): number | undefined =>
    last === undefined ? undefined : Math.round(ns / 1e4) / 100;
  return {
    maxMs: () => ms(maxNs),
    waitMaxMs: () => ms(waitMaxNs),
    stop: () => clearInterval(timer),
  };
}
