// The speaker host's "longest run of its own work": the most the main thread's CPU time grew
// between two ticks, read from schedstat, so a process that waits for a core does not count.
import { afterEach, describe, expect, it, vi } from "vitest";
import { mainThreadCpuNs, startBusyMonitor } from "../../../../src/bgp/speaker/host/busy-monitor.js";

afterEach(() => vi.useRealTimers());

describe("busy monitor", () => {
  it("keeps the largest growth between two ticks", () => {
    vi.useFakeTimers();
    const cpu = [0, 2e6, 4e6, 74e6, 75e6];
    const wait = [0, 1e6, 31e6, 32e6, 32e6];
    let i = 0;
    const monitor = startBusyMonitor(() => {
      const k = Math.min(i++, cpu.length - 1);
      return { cpuNs: cpu[k]!, waitNs: wait[k]! };
    });
    vi.advanceTimersByTime(50);
    expect(monitor.maxMs()).toBe(70);
    expect(monitor.waitMaxMs()).toBe(30);
    monitor.stop();
  });

  it("says nothing where the thread's CPU time cannot be read", () => {
    const monitor = startBusyMonitor(() => undefined);
    expect(monitor.maxMs()).toBeUndefined();
    expect(monitor.waitMaxMs()).toBeUndefined();
    monitor.stop();
  });

  it("sees a callback that keeps this thread busy for 60 ms of CPU", async () => {
    const start = mainThreadCpuNs();
    if (start === undefined) return expect(process.platform).not.toBe("linux");
    const monitor = startBusyMonitor();
    await new Promise((r) => setTimeout(r, 30));
    const t0 = mainThreadCpuNs()!;
    while (mainThreadCpuNs()! - t0 < 60e6) {
      // busy on purpose: the stall under test
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(monitor.maxMs()).toBeGreaterThanOrEqual(55);
    monitor.stop();
  });
});
