// Progress at scale: a 1,024-node deploy's events give tens of plain lines in CI, not thousands,
// with the counts per phase and the sessions tally; a small lab still shows each node; on a
// terminal the live block is redrawn in place and stays a few lines tall.
import { describe, expect, it } from "vitest";
import {
  LiveProgress,
  PER_NODE_LINES,
  PLAIN_INTERVAL_MS,
  PlainProgress,
} from "../../../src/cli/views/progress-view.js";
import { countsLine, ProgressModel } from "../../../src/cli/views/progress-model.js";
import type { Progress } from "../../../src/state/progress.js";

class Sink {
  text = "";
  columns = 80;
  isTTY = true;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  get lines(): string[] {
    return this.text.split("\n").filter((l) => l !== "");
  }
}

class StepClock {
  time = 0;
  now(): number {
    return this.time;
  }
}

/** A deploy of `k` nodes: each created, then started (two steps, then done), 5 ms apart; then the wait. */
function deploy(progress: Progress, clock: StepClock, k: number): void {
  const names = Array.from({ length: k }, (_, i) => `kind-worker${i}`);
  progress.phase(`Kubernetes nodes (${k})`);
  for (const n of names) {
    clock.time += 5;
    progress.node(n, "creating namespaces");
  }
  progress.phase("starting nodes");
  for (const n of names) {
    clock.time += 5;
    progress.node(n, "exec 1/2: ip addr add");
    progress.nodeDone(n, "ready");
  }
  progress.phase("waiting for every BGP session to be Established (up to 120 s)");
  for (let up = 0; up <= 2 * k; up += 16) {
    clock.time += 250;
    progress.tally?.("sessions", up, 2 * k, "Established");
  }
}

describe("plain progress (CI)", () => {
  it("logs a 1,024-node deploy in tens of lines: phases, counts every few seconds, the final tally", () => {
    const out = new Sink();
    const clock = new StepClock();
    deploy(new PlainProgress(out as unknown as NodeJS.WritableStream, clock), clock, 1024);
    const lines = out.lines;
    expect(lines.length).toBeLessThan(120);
    // The first nodes one by one, then counts; each phase's last counts are shown when it ends.
    expect(lines.filter((l) => / kind-worker\d+: creating namespaces$/.test(l))).toHaveLength(PER_NODE_LINES);
    expect(lines).toContain("[ 10.2s] nodes 1024/1024 done");
    expect(
      lines.some((l) => l.endsWith("nodes 0/1024 done, 1024 working (kind-worker0: creating namespaces, …)")),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/sessions 2048\/2048 Established$/);
    // Tallies at most one per PLAIN_INTERVAL_MS while they move: the wait took 32 s.
    const tallies = lines.filter((l) => l.includes("sessions "));
    expect(tallies.length).toBeLessThanOrEqual(Math.ceil((129 * 250) / PLAIN_INTERVAL_MS) + 2);
  });

  it("shows each node of a small lab, as before", () => {
    const out = new Sink();
    const clock = new StepClock();
    deploy(new PlainProgress(out as unknown as NodeJS.WritableStream, clock), clock, 4);
    expect(out.lines.filter((l) => l.includes("kind-worker3: "))).toEqual([
      "[  0.0s] kind-worker3: creating namespaces",
      "[  0.0s] kind-worker3: exec 1/2: ip addr add",
      "[  0.0s] kind-worker3: ready",
    ]);
    expect(out.lines.some((l) => /\] nodes \d/.test(l))).toBe(false);
  });
});

describe("live progress (terminal)", () => {
  it("redraws a block of a few lines in place, ending on the counts and the tally", async () => {
    const out = new Sink();
    const clock = new StepClock();
    const live = new LiveProgress(out as unknown as NodeJS.WriteStream, clock);
    deploy(live, clock, 1024);
    clock.time += 1000;
    live.note("done");
    // Every redraw first moves up over the block it drew: never more than two lines tall.
    const cursorUp = new RegExp(`${String.fromCharCode(27)}\\[(\\d+)A`, "g");
    const ups = [...out.text.matchAll(cursorUp)].map((m) => Number(m[1]));
    expect(ups.length).toBeGreaterThan(0);
    expect(Math.max(...ups)).toBeLessThanOrEqual(2);
    const lastFrame = out.text.slice(out.text.lastIndexOf("\x1b[J") + 3);
    expect(lastFrame).toContain("note: done");
    expect(lastFrame).toContain("sessions 2048/2048 Established");
    // Throttled: far fewer redraws than the 2,048 node events plus the tallies.
    expect(ups.length).toBeLessThan(600);
  });
});

describe("counts line", () => {
  it("says done, seen, working and one working node, cut to the width", () => {
    const m = new ProgressModel();
    m.setPhase("p");
    m.step("a", "x", true);
    m.step("b", "exec 2/2: vtysh -c 'show bgp summary'", false);
    m.step("c", "y", false);
    expect(countsLine(m, 200)).toBe(
      "nodes 1/3 done, 2 working (b: exec 2/2: vtysh -c 'show bgp summary', …)",
    );
    expect(countsLine(m, 20)).toBe("nodes 1/3 done, 2 w…");
  });
});
