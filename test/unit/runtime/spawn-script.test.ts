// The shell spawnInNode leaves on the host, run without nsenter (no privileges): it reports its
// command's pid on fd 3, passes SIGTERM on, and exits with the command's own status.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSpawnReport, SPAWN_MARKER, SPAWN_SCRIPT, spawnArgv } from "../../../src/runtime/netns/spawn.js";

function runScript(argv: string[]) {
  const child = spawn("sh", ["-c", SPAWN_SCRIPT, SPAWN_MARKER, ...argv], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const report = new Promise<string>((resolve) => {
    let text = "";
    const pipe = child.stdio[3] as NodeJS.ReadableStream;
    pipe.setEncoding("utf8");
    pipe.on("data", (c: string) => (text += c));
    pipe.once("end", () => resolve(text));
  });
  return { child, exit, report };
}

describe("spawnArgv", () => {
  it("enters the node without forking, so the shell stays in the host's pid namespace", () => {
    const argv = spawnArgv({ pid: 9, namespaces: ["net", "pid"] }, ["sleep", "infinity"]);
    expect(argv).toEqual([
      "--target", "9", "--net", "--pid", "--wd=/", "--no-fork", "--",
      "sh", "-c", SPAWN_SCRIPT, SPAWN_MARKER, "sleep", "infinity",
    ]); // prettier-ignore
    expect(() => spawnArgv({ pid: 9, namespaces: ["net"] }, ["x"])).toThrow(/pid namespace/);
  });
});

describe("the spawn shell", () => {
  it("reports its command's pid on fd 3, then passes SIGTERM on and exits with 128 + 15", async () => {
    const { child, exit, report } = runScript(["sleep", "30"]);
    const pid = parseSpawnReport(await report);
    expect(pid).toBeDefined();
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]).toBe("sleep");
    child.kill("SIGTERM");
    expect(await exit).toBe(143);
  });

  it("passes SIGTERM on to a stopped (frozen) command too, resuming it", async () => {
    const { child, exit, report } = runScript(["sleep", "30"]);
    const pid = Number(parseSpawnReport(await report));
    process.kill(pid, "SIGSTOP");
    child.kill("SIGTERM");
    expect(await exit).toBe(143);
  });

  it("exits with the command's own status", async () => {
    const { exit, report } = runScript(["sh", "-c", "exit 7"]);
    await report;
    expect(await exit).toBe(7);
  });
});
