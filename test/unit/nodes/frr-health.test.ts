import { describe, expect, it } from "vitest";
import { parseProcStat, type ProcStat } from "../../../src/host/proc.js";
import { bgpdDegraded, describeBgpd, judgeBgpd } from "../../../src/nodes/frr-health.js";

/** A /proc/PID/stat line with the fields judgeBgpd reads (comm, state, start time = field 22). */
function stat(pid: number, comm: string, startTime: number, state = "S"): ProcStat {
  const fields = [state, "1", ...Array.from({ length: 17 }, () => "0"), String(startTime), "0"];
  const parsed = parseProcStat(`${pid} (${comm}) ${fields.join(" ")}`);
  if (!parsed) throw new Error("bad stat line");
  return parsed;
}

describe("judging a router's bgpd", () => {
  it("is running as deploy left it when bgpd started with watchfrr", () => {
    const h = judgeBgpd([stat(23, "watchfrr", 1000), stat(41, "bgpd", 1090)], true);
    expect(h).toEqual({ state: "running", restarted: false });
    expect(bgpdDegraded(h)).toBe(false);
  });

  it("sees a restart by watchfrr, and whether the config came back", () => {
    const restored = judgeBgpd([stat(23, "watchfrr", 1000), stat(72, "bgpd", 9000)], true);
    expect(restored).toEqual({ state: "running", restarted: true });
    expect(describeBgpd(restored)).toContain("configuration restored");
    const empty = judgeBgpd([stat(23, "watchfrr", 1000), stat(72, "bgpd", 9000)], false);
    expect(empty).toEqual({ state: "unconfigured", restarted: true });
    expect(bgpdDegraded(empty)).toBe(true);
    expect(describeBgpd(empty)).toBe(
      "bgpd was restarted by watchfrr and runs without the lab's BGP configuration",
    );
  });

  it("is down while watchfrr has no bgpd (or only a zombie), absent without FRR", () => {
    expect(judgeBgpd([stat(23, "watchfrr", 1000)], false)).toEqual({ state: "down" });
    expect(judgeBgpd([stat(23, "watchfrr", 1000), stat(41, "bgpd", 1090, "Z")], true)).toEqual({
      state: "down",
    });
    expect(bgpdDegraded({ state: "down" })).toBe(true);
    expect(judgeBgpd([], false)).toEqual({ state: "absent" });
  });
});
