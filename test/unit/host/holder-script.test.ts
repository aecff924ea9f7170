// The holder's setup script, run by a real sh with stand-ins for the privileged tools (mount,
// umount, pivot_root, hostname, ip, catatonit) and the file tools it runs (mkdir, install, touch,
// rmdir) that only log their argv: the step parsing, the order, the pid and `ready` it reports, and
// that a failing step stops it before `ready`. No privileges needed.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    stub("pivot_root");
    stub("umount");
    stub("catatonit");
    for (const tool of ["mkdir", "install", "touch", "rmdir"]) stub(tool);
    mkdirSync(path.join(dir, "stage", "root"), { recursive: true });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function holder(ownNetwork: boolean, mounts: readonly MountStep[]) {
    const stage = path.join(dir, "stage");
    const argv = holderArgv({
      id: "lab/n",
      hostname: "n-host",
      ownNetwork,
      stage,
      sizeBytes: 4194304,
      mounts,
    });
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

  it("builds the node's root, pivots into it, mounts in order inside it, and ends as the reaper", async () => {
    const existing = path.join(dir, "exists");
    writeFileSync(existing, "");
    const newDir = path.join(dir, "new dir", "x");
    const newFile = path.join(dir, "deep", "file");
    const { stdout, calls } = await holder(true, [
      { kind: "overlay", target: "/home", n: 1 },
      { kind: "private", target: newDir, n: 0, uid: 100, gid: 101, mode: 0o1777 },
      { kind: "file", target: newFile },
      { kind: "file", target: existing },
      { kind: "bind", source: "/src one", target: newFile, readOnly: true },
      { kind: "bind", source: "/src two", target: existing, readOnly: false },
    ]);
    const report = parseHolderReport(stdout);
    expect(report.ready).toBe(true);
    expect(report.pid).toBeGreaterThan(1);
    const stage = path.join(dir, "stage");
    const h = "/.fabric-host";
    expect(calls).toEqual([
      `mount -t tmpfs -o size=4194304,mode=0755 fabric-node ${stage}`,
      `mkdir ${stage}/root ${stage}/upper ${stage}/work ${stage}/private ${stage}/upper/0 ${stage}/work/0`,
      `mount -t overlay fabric-root -o lowerdir=/,upperdir=${stage}/upper/0,workdir=${stage}/work/0 ${stage}/root`,
      `mkdir ${stage}/root${h}`,
      `pivot_root . .${h}`,
      "mount -t proc -o nosuid,noexec,nodev proc /proc",
      "mount -t sysfs sysfs /sys",
      `mount --rbind ${h}/dev /dev`,
      "hostname n-host",
      "ip link set dev lo up",
      // From here host paths are reached through the host's tree, hung at /.fabric-host.
      `mkdir ${h}${stage}/upper/1 ${h}${stage}/work/1`,
      `mount -t overlay fabric-root -o lowerdir=${h}/home,upperdir=${h}${stage}/upper/1,workdir=${h}${stage}/work/1 /home`,
      `install -d -o 100 -g 101 -m 1777 ${h}${stage}/private/0`,
      `mkdir -p ${newDir}`,
      `mount --bind ${h}${stage}/private/0 ${newDir}`,
      `mkdir -p ${path.dirname(newFile)}`,
      `touch ${newFile}`,
      `mount -o bind,ro ${h}/src one ${newFile}`,
      `mount --bind ${h}/src two ${existing}`,
      `umount --lazy ${h}`,
      `rmdir ${h}`,
      "catatonit -P -- fabric-holder lab/n",
    ]);
  });

  it("leaves lo alone when the network is borrowed, and stops before ready when a step fails", async () => {
    const { stdout, calls } = await holder(false, [
      { kind: "bind", source: "/fail-here", target: "/t", readOnly: false },
    ]);
    expect(parseHolderReport(stdout).ready).toBe(false);
    expect(calls).not.toContain("ip link set dev lo up");
    expect(calls.at(-1)).toBe("mount --bind /.fabric-host/fail-here /t");
  });
});

describe("parseHolderReport", () => {
  it("reads the pid and readiness in either order", () => {
    expect(parseHolderReport("ready\npid 42\n")).toEqual({ pid: 42, ready: true });
    expect(parseHolderReport("pid 7\n")).toEqual({ pid: 7, ready: false });
    expect(parseHolderReport("")).toEqual({ ready: false });
  });
});
