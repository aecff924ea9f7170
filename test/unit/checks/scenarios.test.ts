import { describe, expect, it } from "vitest";
import { runScenarios, type FaultDriver } from "../../../src/checks/run-scenarios.js";
import { MIN_LOOK_MS, runCheck } from "../../../src/checks/run.js";
import type { LabProbe } from "../../../src/checks/probe.js";
import type { CheckSpec } from "../../../src/model/lab-file/checks/spec.js";
import { describeFault, type Fault } from "../../../src/model/lab-file/faults.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import { FakeClock } from "../../support/fake-clock.js";

const dir = "test/fixtures/checks/scenarios";

describe("scenarios in a lab file", () => {
  it("reads faults, checks and pauses in order", () => {
    const { lab, diagnostics } = loadLab(`${dir}/valid.yaml`);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (!lab) throw new Error("no lab");
    const scenarios = lab.scenarios ?? [];
    expect(scenarios.map((s) => s.name)).toEqual(["uplink", "freeze"]);
    const steps = scenarios[0]?.steps ?? [];
    expect(steps.map((s) => s.kind)).toEqual(["fault", "checks", "sleep", "fault", "fault", "checks"]);
    expect(steps[0]).toMatchObject({
      kind: "fault",
      fault: { type: "link", action: "down", target: { node: "tor1", iface: "net0" } },
      location: { line: 5 },
    });
    expect(steps[1]).toMatchObject({
      kind: "checks",
      checks: [{ type: "bgp-prefix", present: false, waitMs: 5000 }],
    });
    expect(steps[2]).toEqual({ kind: "sleep", ms: 2000 });
    expect(steps[3]).toMatchObject({
      fault: { type: "netem", params: { delay: "10ms", jitter: "2ms", loss: "1%" } },
    });
    expect(scenarios[1]?.steps.map((s) => (s.kind === "fault" ? describeFault(s.fault) : s.kind))).toEqual([
      "node stop tor0",
      "node start tor0",
    ]);
  });

  it("reports every error with its line", () => {
    const { lab, diagnostics } = loadLab(`${dir}/invalid.yaml`);
    expect(lab).toBeUndefined();
    // In the order found (loadLab sorts by line only once the lab file itself parsed).
    const errors = diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => [d.location?.line, d.code, d.message]);
    expect(errors).toEqual([
      [5, "scenario-bad-fault", "a link fault is `link down NODE:IFACE` or `link up NODE:IFACE`"],
      [7, "check-unknown-field", 'bgp-prefix checks have no field "prefx"'],
      [7, "check-missing-field", "bgp-prefix check needs `prefix`"],
      [8, "scenario-bad-sleep", "`sleep` must be a duration like 2s or 500ms"],
      [9, "scenario-bad-step", 'unknown step "pause"'],
      [11, "scenario-unknown-field", 'scenarios have no field "stepz"'],
      [10, "scenario-duplicate-name", 'two scenarios are named "uplink"'],
      [10, "scenario-no-steps", "a scenario needs a non-empty list of `steps`"],
    ]);
  });

  it("validates the targets of scenario checks like those of `checks:`", () => {
    const { lab, diagnostics } = loadLab(`${dir}/bad-target.yaml`);
    expect(lab).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "check-unknown-target", location: { line: 7 } });
    expect(diagnostics[0]?.suggestion).toBe('did you mean "router0"?');
  });
});

describe("running scenarios", () => {
  const check = (present: boolean): CheckSpec => ({
    type: "route",
    name: `route ${present ? "present" : "absent"}`,
    node: "tor0",
    prefix: "10.0.4.0/24",
    present,
    waitMs: 0,
  });
  /** A lab whose route to 10.0.4.0/24 exists exactly while no `link down` is in force. */
  function fakeLab(failOn?: string): { probe: LabProbe; faults: FaultDriver; applied: string[] } {
    const applied: string[] = [];
    let down = false;
    const faults: FaultDriver = {
      apply: async (f: Fault) => {
        const text = describeFault(f);
        if (text === failOn) throw new Error("no such interface");
        applied.push(text);
        if (f.type === "link") down = f.action === "down";
        return text;
      },
    };
    const probe = {
      exec: async () => ({
        exitCode: 0,
        stdout: down ? "[]" : JSON.stringify([{ dst: "10.0.4.0/24", gateway: "10.0.0.2", dev: "net0" }]),
        stderr: "",
      }),
    } as unknown as LabProbe;
    return { probe, faults, applied };
  }
  const scenario = {
    name: "uplink",
    steps: [
      {
        kind: "fault",
        text: "link down tor1:net0",
        fault: { type: "link", action: "down", target: { node: "tor1", iface: "net0" } },
      },
      { kind: "checks", checks: [check(false)] },
      { kind: "sleep", ms: 1500 },
      {
        kind: "fault",
        text: "link up tor1:net0",
        fault: { type: "link", action: "up", target: { node: "tor1", iface: "net0" } },
      },
      { kind: "checks", checks: [check(true)] },
    ],
  } as const;

  it("applies faults in order and names results `scenario / check`", async () => {
    const lab = fakeLab();
    const clock = new FakeClock();
    const results = await runScenarios([scenario], lab.probe, lab.faults, { clock });
    expect(lab.applied).toEqual(["link down tor1:net0", "link up tor1:net0"]);
    expect(clock.sleeps).toEqual([1500]);
    expect(results.map((r) => [r.name, r.passed, r.scenario])).toEqual([
      ["uplink / route absent", true, "uplink"],
      ["uplink / route present", true, "uplink"],
    ]);
  });

  it("fails and ends a scenario whose fault cannot be applied", async () => {
    const lab = fakeLab("link up tor1:net0");
    const results = await runScenarios([scenario], lab.probe, lab.faults, { clock: new FakeClock() });
    expect(results.map((r) => [r.name, r.passed, r.type])).toEqual([
      ["uplink / route absent", true, "route"],
      ["uplink / link up tor1:net0", false, "fault"],
    ]);
    expect(results[1]?.observed).toBe("no such interface");
  });
  it("starts no step once interrupted, and ends a sleep at once", async () => {
    const lab = fakeLab();
    const controller = new AbortController();
    const never = { now: () => 0, sleep: () => new Promise<void>(() => undefined) };
    const faults: FaultDriver = {
      apply: async (f) => {
        const did = await lab.faults.apply(f);
        controller.abort("SIGINT");
        return did;
      },
    };
    const results = await runScenarios([scenario], lab.probe, faults, {
      clock: never,
      signal: controller.signal,
    });
    expect(lab.applied).toEqual(["link down tor1:net0"]);
    expect(results).toEqual([]);
  });

  it("bounds each look by what is left of the check's wait", async () => {
    const clock = new FakeClock();
    const bounds: number[] = [];
    const probe = {
      exec: async () => {
        clock.time += 4_000;
        return { exitCode: 0, stdout: "[]", stderr: "" };
      },
      within(ms: number) {
        bounds.push(ms);
        return probe;
      },
    } as unknown as LabProbe;
    const r = await runCheck({ ...check(true), waitMs: 10_000 }, probe, { clock });
    expect(r.passed).toBe(false);
    // 10 s, then 10 - 4.5 s, then (10 - 9 s is less) the least one look gets.
    expect(bounds).toEqual([10_000, 5_500, MIN_LOOK_MS]);
  });
});
