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
import { readFileSync } from "node:fs";

const TICK_MS = 10;

export interface BusyMonitor {
  /** The most main-thread CPU time between two ticks, in ms; undefined where it cannot be read. */
  maxMs(): number | undefined;
  stop(): void;
}

/** The main thread's time on a CPU in ns, or undefined without Linux's schedstat. */
export function mainThreadCpuNs(file = `/proc/self/task/${process.pid}/schedstat`): number | undefined {
  try {
    const first = readFileSync(file, "utf8").split(" ", 1)[0];
    const ns = Number(first);
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    return undefined;
  }
}

export function startBusyMonitor(read: () => number | undefined = mainThreadCpuNs): BusyMonitor {
  let last = read();
  let maxNs = 0;
  const timer =
    last === undefined
      ? undefined
      : setInterval(() => {
          const now = read();
          if (now === undefined || last === undefined) return;
          maxNs = Math.max(maxNs, now - last);
          last = now;
        }, TICK_MS);
  // It measures the loop; it must not be what keeps the process alive.
  timer?.unref();
  return {
    maxMs: () => (last === undefined ? undefined : Math.round(maxNs / 1e4) / 100),
    stop: () => clearInterval(timer),
  };
}
