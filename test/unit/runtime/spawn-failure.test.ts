// A long-running process whose start fails in fork/exec (EAGAIN when the host is out of pids,
// ENOENT here, where PATH names no nsenter) is a FabricError of that start: before, the child's
// 'error' event had no listener yet and ended fabric on the spot, with no rollback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spawnInNode } from "../../../src/runtime/netns/spawn.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("spawnInNode when the process cannot be started", () => {
  it("rejects with node-spawn-failed and the system's reason", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "spawn-failure-"));
    const started = spawnInNode(
      { pid: process.pid, namespaces: ["net", "pid"] },
      ["sleep", "1"],
      { PATH: path.join(dir, "no-such-dir") },
      path.join(dir, "logs", "sleep.log"),
    );
    await expect(started).rejects.toMatchObject({
      code: "node-spawn-failed",
      message: expect.stringMatching(/could not run nsenter: .*ENOENT/),
    });
  });
});
