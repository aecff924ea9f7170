// The process-mode speaker's loop, run by a real sh with a stand-in speaker: it restarts a
// speaker that dies with the kubelet-like backoff and says so in its status file, gives up on
// status 2, and on SIGTERM stops the speaker and exits without a restart.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeLoopStatus,
  readLoopStatus,
  supervisedArgv,
} from "../../../../src/k8s/speaker/supervisor/process-loop.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "speaker-loop-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A speaker that exits with `code` on its first `failures` runs, then runs until signalled. */
function flaky(failures: number, code: number): string[] {
  const count = path.join(dir, "runs");
  const pidFile = path.join(dir, "speaker.pid");
  const script = `n=$(cat ${count} 2>/dev/null || echo 0); echo $((n + 1)) > ${count}; [ "$n" -lt ${failures} ] && exit ${code}; echo $$ > ${pidFile}; exec sleep 30`;
  return ["sh", "-c", script];
}

function startLoop(speaker: string[]) {
  const status = path.join(dir, "speaker-supervisor.json");
  const [file, ...args] = supervisedArgv(status, speaker);
  const child = spawn(file!, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, status, exited, stderr: () => stderr };
}

async function until(what: string, cond: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the process-mode speaker's loop", () => {
  it("restarts a speaker that dies, with backoff, counting restarts; SIGTERM ends both without a restart", async () => {
    const loop = startLoop(flaky(2, 7));
    const started = Date.now();
    await until("the third run", () => existsSync(path.join(dir, "speaker.pid")));
    // Backoff: 500 ms, then 1000 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    await until("status running", () => readLoopStatus(loop.status)?.phase === "running");
    const status = readLoopStatus(loop.status);
    expect(status).toMatchObject({ phase: "running", restarts: 2, lastExit: { code: 7, ranMs: 0 } });
    expect(describeLoopStatus(status!)).toMatch(/^2 restarts; last exit status 7 at \d{4}-/);
    expect(loop.stderr()).toContain("restarting it in 500 ms (restart 1)");
    expect(loop.stderr()).toContain("restarting it in 1000 ms (restart 2)");

    const speakerPid = Number(readFileSync(path.join(dir, "speaker.pid"), "utf8"));
    loop.child.kill("SIGTERM");
    expect(await loop.exited).not.toBeNull();
    expect(() => process.kill(speakerPid, 0)).toThrow(); // the speaker went with it
    expect(readFileSync(path.join(dir, "runs"), "utf8").trim()).toBe("3"); // and was not restarted
  });

  it("does not restart a speaker that exits 2 (input it cannot use), and says so", async () => {
    const loop = startLoop(flaky(5, 2));
    expect(await loop.exited).toBe(2);
    expect(readLoopStatus(loop.status)).toMatchObject({
      phase: "exited",
      restarts: 0,
      lastExit: { code: 2 },
    });
    expect(loop.stderr()).toContain("not restarting it");
    expect(readFileSync(path.join(dir, "runs"), "utf8").trim()).toBe("1");
  });

  it("reads no status from a missing or foreign file", () => {
    expect(readLoopStatus(path.join(dir, "none.json"))).toBeUndefined();
  });
});
