import { describe, expect, it } from "vitest";
import { runCli } from "../../support/run-cli.js";

// The fault commands build their Fault from typed arguments; a malformed one is invalid input
// (exit 2) and is refused before any lab is looked up, so these run without a deployed lab.
describe("fabric link|node|netem with malformed faults", () => {
  it.each([
    [["link", "down", "tor1"], '"tor1" is not NODE:INTERFACE (e.g. tor1:net0)'],
    [["netem", "tor1:net0"], "netem needs at least one of --delay, --loss, --rate (or --clear)"],
    [["netem", "tor1:net0", "--jitter", "2ms"], "netem --jitter needs --delay (jitter varies the delay)"],
    [["netem", "tor1:net0", "--loss", "150%"], 'netem loss "150%" is not valid (e.g. 1%)'],
    [["netem", "tor1:net0", "--clear", "--delay", "10ms"], "--clear takes no other impairment"],
  ])("fabric %j exits 2 and says why", async (args, message) => {
    const run = await runCli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("refuses an action the command does not have, as a usage error", async () => {
    const run = await runCli("node", "pause", "tor1");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("command-argument value 'pause' is invalid");
  });
});
