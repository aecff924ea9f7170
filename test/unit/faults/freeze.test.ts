import { describe, expect, it } from "vitest";
import { isLauncherOf, launcherPids } from "../../../src/faults/freeze.js";
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
