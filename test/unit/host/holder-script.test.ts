// The holder's setup script, run by a real sh with stand-ins for the privileged tools (mount,
// umount, mountpoint, hostname, ip, catatonit) that only log their argv: the step parsing, the order, the pid and
// `ready` it reports, and that a failing step stops it before `ready`. No privileges needed.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOLDER_SCRIPT, holderArgv, parseHolderReport, type MountStep } from "../../../src/host/unshare.js";

const run = promisify(execFile);

describe("the holder's setup script", () => {
  let dir: string;
  let log: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "holder-script-"));
    log = path.join(dir, "calls.log");
    const stub = (name: string, body = "") => {
      const file = path.join(dir, "bin", name);
      writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
      chmodSync(file, 0o755);
    };
    mkdirSync(path.join(dir, "bin"));
    stub("mount", 'case "$*" in *fail-here*) exit 32;; esac');
    stub("hostname");
    stub("ip");
    stub("mountpoint");
    stub("umount");
    stub("catatonit");
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function holder(ownNetwork: boolean, mounts: readonly MountStep[]) {
    const argv = holderArgv({ id: "lab/n", hostname: "n-host", ownNetwork, mounts });
    const sh = argv.slice(argv.indexOf("--") + 1);
    expect(sh[2]).toBe(HOLDER_SCRIPT);
    const r = await run(sh[0]!, sh.slice(1), {
      env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin` },
    }).catch((e: { stdout: string; stderr: string }) => e);
    // The subshell runs on after the shell exits; wait until the stand-in reaper or a failure ends it.
    for (
      let i = 0;
      i < 100 &&
      !readFileSync(log, { flag: "a+" })
        .toString()
        .match(/catatonit|fail-here/);
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { stdout: r.stdout, calls: readFileSync(log, "utf8").trim().split("\n") };
  }

  it("sets the node up in order, makes missing mount points, and ends as the reaper", async () => {
    const existing = path.join(dir, "exists");
    writeFileSync(existing, "");
    const newDir = path.join(dir, "new dir", "x");
    const newFile = path.join(dir, "deep", "file");
    const { stdout, calls } = await holder(true, [
      { kind: "bind", source: "/src one", target: path.join(dir, "stage"), readOnly: false },
      { kind: "dir", target: newDir },
      { kind: "file", target: newFile },
      { kind: "file", target: existing },
      { kind: "bind", source: path.join(dir, "stage"), target: newFile, readOnly: true },
    ]);
    const report = parseHolderReport(stdout);
    expect(report.ready).toBe(true);
    expect(report.pid).toBeGreaterThan(1);
    expect(calls).toEqual([
      "mount --make-rprivate /proc",
      "mount -t proc -o nosuid,noexec,nodev proc /proc",
      "hostname n-host",
      "ip link set dev lo up",
      "mount -t sysfs sysfs /sys",
      "mountpoint -q /run/netns",
      "umount --lazy /run/netns",
      `mount --bind /src one ${path.join(dir, "stage")}`,
      `mount -o bind,ro ${path.join(dir, "stage")} ${newFile}`,
      "catatonit -P -- fabric-holder lab/n",
    ]);
    expect(readFileSync(newFile, "utf8")).toBe(""); // made by touch
    expect(statSync(newDir).isDirectory()).toBe(true);
  });

  it("leaves lo alone when the network is borrowed, and stops before ready when a step fails", async () => {
    const { stdout, calls } = await holder(false, [
      { kind: "bind", source: "/fail-here", target: "/t", readOnly: false },
    ]);
    expect(parseHolderReport(stdout).ready).toBe(false);
    expect(calls).not.toContain("ip link set dev lo up");
    expect(calls.at(-1)).toBe("mount --bind /fail-here /t");
  });
});

describe("parseHolderReport", () => {
  it("reads the pid and readiness in either order", () => {
    expect(parseHolderReport("ready\npid 42\n")).toEqual({ pid: 42, ready: true });
    expect(parseHolderReport("pid 7\n")).toEqual({ pid: 7, ready: false });
    expect(parseHolderReport("")).toEqual({ ready: false });
  });
});
