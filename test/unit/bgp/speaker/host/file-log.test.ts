// Instance logs hold no descriptor: lines are queued and appended in batches, in order, and
// close() resolves once they are on disk.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppendQueue, fileLogger } from "../../../../../src/bgp/speaker/host/file-log.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const now = (): Date => new Date("2026-01-01T00:00:00Z");

describe("instance log files", () => {
  it("append every line in order, per file, holding no descriptor once flushed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fd-log-"));
    dirs.push(dir);
    const queue = new AppendQueue(1);
    const fdsBefore = readdirSync("/proc/self/fd").length;
    const logs = Array.from({ length: 50 }, (_, i) =>
      fileLogger(path.join(dir, `n${i}`, "speaker.log"), now, queue),
    );
    for (let line = 0; line < 20; line++) {
      for (const [i, log] of logs.entries()) log.info(`n${i} line ${line}`);
      // Half the lines arrive while an earlier batch is being written.
      if (line === 10) await new Promise((r) => setTimeout(r, 2));
    }
    logs[3]!.warn("last");
    await Promise.all(logs.map((l) => l.close()));
    expect(readdirSync("/proc/self/fd").length).toBeLessThanOrEqual(fdsBefore);
    const lines = readFileSync(path.join(dir, "n3", "speaker.log"), "utf8")
      .trimEnd()
      .split("\n");
    expect(lines).toEqual([
      ...Array.from({ length: 20 }, (_, l) => `2026-01-01T00:00:00.000Z info n3 line ${l}`),
      "2026-01-01T00:00:00.000Z warning last",
    ]);
    expect(readFileSync(path.join(dir, "n49", "speaker.log"), "utf8").split("\n")).toHaveLength(21);
  });

  it("a file that cannot be written does not stop the others", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fd-log-"));
    dirs.push(dir);
    const queue = new AppendQueue(1);
    const good = fileLogger(path.join(dir, "good.log"), now, queue);
    // A directory where the file should be: appendFile fails with EISDIR.
    const bad = fileLogger(path.join(dir, "sub"), now, queue);
    mkdirSync(path.join(dir, "sub"));
    bad.info("lost");
    good.info("kept");
    await good.close();
    expect(readFileSync(path.join(dir, "good.log"), "utf8")).toContain("info kept");
  });

  it("close() writes at once instead of waiting for the timer", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fd-log-"));
    dirs.push(dir);
    const log = fileLogger(path.join(dir, "x.log"), now, new AppendQueue(60_000));
    log.info("stopping");
    const t0 = performance.now();
    await log.close();
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(readFileSync(path.join(dir, "x.log"), "utf8")).toContain("info stopping");
  });
});
