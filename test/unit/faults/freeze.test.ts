import { describe, expect, it } from "vitest";
import { anyStopped, isLauncherOf, launcherPids, stoppedInNodes } from "../../../src/faults/freeze.js";
import type { ProcStat } from "../../../src/host/proc.js";

const proc = (pid: number, ppid: number, state = "S"): ProcStat => ({
  pid,
  ppid,
  state,
  comm: "x",
  startTime: pid,
});

describe("launcherPids", () => {
  const holder = { pid: 100, startTime: 1 };
  it("names the host-side parents of the node's processes, once each", () => {
    const inNode = [
      proc(101, 100), // forked by the holder (a daemon started by an exec line): no launcher
      proc(102, 101), // its child
      proc(200, 150, "T"), // spawned through nsenter 150 (a speaker)
      proc(201, 150), // another child of the same nsenter
      proc(300, 160), // a pod command's nsenter
    ];
    expect(launcherPids(holder, inNode)).toEqual([150, 160]);
  });

  it("never names init or the holder", () => {
    expect(launcherPids(holder, [proc(101, 1), proc(102, 100)])).toEqual([]);
  });
});

describe("isLauncherOf", () => {
  it("is nsenter targeting that holder, nothing else", () => {
    const argv = ["nsenter", "--target", "30639", "--net", "--pid", "--wd=/", "--", "node", "fabric.js"];
    expect(isLauncherOf(argv, "30639")).toBe(true);
    expect(isLauncherOf(argv, "3063")).toBe(false);
    expect(isLauncherOf(["/usr/bin/nsenter", "--target", "7", "--", "x"], "7")).toBe(true);
    expect(isLauncherOf(["node", "--target", "7"], "7")).toBe(false);
  });
});

describe("stoppedInNodes", () => {
  const scanned = (pid: number, ppid: number, state: string, pidNs: string | undefined) => ({
    pid,
    ppid,
    state,
    pidNs,
    comm: "x",
    startTime: pid * 10,
  });

  it("finds the stopped processes of every node and their launchers, in one scan", async () => {
    const holders = [
      { pid: 100, startTime: 1000 },
      { pid: 200, startTime: 2000 },
    ];
    const scan = [
      scanned(1, 0, "S", "host"),
      scanned(100, 1, "S", "nsA"),
      scanned(101, 100, "T", "nsA"), // frozen daemon in node A
      scanned(102, 150, "T", "nsA"), // frozen pod command in node A…
      scanned(150, 1, "T", "host"), // …and its stopped launcher on the host
      scanned(103, 100, "S", "nsA"), // running: left alone
      scanned(200, 1, "S", "nsB"),
      scanned(201, 200, "T", "nsB"),
      scanned(300, 1, "T", "host"), // someone else's stopped process
      scanned(400, 1, "T", "host"), // a launcher of a half-removed node, found by its argv
    ];
    const argvOf = (pid: number) =>
      Promise.resolve(pid === 400 ? ["nsenter", "--target", "200", "--", "x"] : ["sleep", "1"]);
    const found = await stoppedInNodes(holders, scan, argvOf);
    expect(found.map((p) => p.pid).sort((a, b) => a - b)).toEqual([101, 102, 150, 201, 400]);
  });
});

describe("anyStopped: whether destroy's thaw must look further than one read per process", () => {
  const stat = (pid: number, state: string) => ({ pid, ppid: 1, state, comm: "x", startTime: pid });
  const holders = [{ pid: 100, startTime: 100 }];

  it("is false when nothing but a holder is stopped, so no pid namespace is read", () => {
    expect(anyStopped(holders, [stat(1, "S"), stat(100, "T"), stat(101, "R"), stat(102, "Z")])).toBe(false);
  });

  it("is true for any other stopped process, as every one stoppedInNodes returns is", () => {
    expect(anyStopped(holders, [stat(1, "S"), stat(101, "T")])).toBe(true);
  });
});
