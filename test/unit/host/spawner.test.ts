// The python3 spawner against the behaviour `attempt` promised before it existed (execa's): exit
// codes, output, input, environment, cwd, timeouts, missing commands, signals, and a detached
// holder that misses its deadline.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Spawner, findPython } from "../../../src/host/spawner/client.js";

const python = findPython();
const dir = mkdtempSync(path.join(os.tmpdir(), "spawner-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(python === undefined)("spawner", () => {
  const spawner = new Spawner(python!);

  it("hands back exit code, stdout and stderr as they were", async () => {
    const r = await spawner.run({
      file: "sh",
      args: ["-c", 'printf "out\\n"; printf "é err" >&2; exit 3'],
      envMode: "inherit",
    });
    expect(r).toMatchObject({ kind: "exited", exitCode: 3, signal: null, stdout: "out\n", stderr: "é err" });
  });

  it("feeds input on stdin, runs in cwd, and replaces or extends the environment", async () => {
    const cat = await spawner.run({ file: "cat", args: [], envMode: "inherit", input: "hello" });
    expect(cat).toMatchObject({ stdout: "hello" });
    const pwd = await spawner.run({ file: "pwd", args: [], envMode: "inherit", cwd: dir });
    expect(pwd).toMatchObject({ stdout: `${dir}\n` });
    const replaced = await spawner.run({
      file: "/usr/bin/env",
      args: [],
      envMode: "replace",
      env: { ONLY: "1" },
    });
    expect(replaced).toMatchObject({ stdout: "ONLY=1\n" });
    const extended = await spawner.run({
      file: "sh",
      args: ["-c", 'echo "$X:$PATH"'],
      envMode: "extend",
      env: { X: "y" },
    });
    expect(extended.kind === "exited" && extended.stdout.startsWith(`y:${process.env["PATH"]}`)).toBe(true);
  });

  it("names a command that is not on PATH, and a signal that ended one", async () => {
    expect(await spawner.run({ file: "no-such-command-here", args: [], envMode: "inherit" })).toMatchObject({
      kind: "not-started",
      code: "ENOENT",
    });
    expect(await spawner.run({ file: "sh", args: ["-c", "kill -9 $$"], envMode: "inherit" })).toMatchObject({
      kind: "exited",
      exitCode: null,
      signal: "SIGKILL",
    });
  });

  it("ends a command at its deadline and says so", async () => {
    const t = Date.now();
    const r = await spawner.run({ file: "sleep", args: ["30"], envMode: "inherit", timeoutMs: 200 });
    expect(r).toMatchObject({ kind: "exited", timedOut: true, signal: "SIGTERM" });
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it("leaves a detached command that missed its deadline running, with what it printed and its stderr in the file", async () => {
    const log = path.join(dir, "holder.log");
    const r = await spawner.run({
      file: "sh",
      args: ["-c", 'echo "pid $$"; echo oops >&2; sleep 30'],
      envMode: "inherit",
      detached: true,
      stderrFile: log,
      timeoutMs: 300,
    });
    expect(r).toMatchObject({ kind: "exited", timedOut: true });
    const pid = r.kind === "exited" ? Number(/pid (\d+)/.exec(r.stdout)?.[1]) : NaN;
    expect(() => process.kill(pid, 0)).not.toThrow();
    process.kill(pid, "SIGKILL");
    expect(readFileSync(log, "utf8")).toBe("oops\n");
  });

  it("runs many at once and matches each reply to its request", async () => {
    const rs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        spawner.run({ file: "echo", args: [String(i)], envMode: "inherit" }),
      ),
    );
    expect(rs.map((r) => (r.kind === "exited" ? r.stdout : ""))).toEqual(
      Array.from({ length: 40 }, (_, i) => `${i}\n`),
    );
  });
});
