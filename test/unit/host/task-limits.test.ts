// The host's task limits as deploy's preflight reads them, on this machine: the figures must be
// the kernel's own (compared with /proc read here), not a parse that silently gave up.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTaskLimits, tasksInUse } from "../../../src/host/task-limits.js";

describe.runIf(process.platform === "linux")("host task limits", () => {
  it("reads kernel.pid_max (less the kernel's own 300) and threads-max, with the tasks in use", async () => {
    const limits = await readTaskLimits();
    const pidMax = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8"));
    const threadsMax = Number(readFileSync("/proc/sys/kernel/threads-max", "utf8"));
    expect(limits.find((l) => l.name === "kernel.pid_max")?.limit).toBe(pidMax - 300);
    expect(limits.find((l) => l.name === "kernel.threads-max")?.limit).toBe(threadsMax);
    const inUse = await tasksInUse();
    expect(inUse).toBeGreaterThan(0);
    for (const l of limits) expect(l.inUse).toBeGreaterThan(0);
  });
});
