// Running scenarios after the lab's checks: each step in order — apply a fault, run checks (each
// retried within its own wait, so "the prefix is gone" waits for the withdrawal), or pause.
// Results are named `scenario / check`. A fault that cannot be applied fails the scenario and ends
// it: what follows was written for a lab in the state that fault would have made.
import { assertNever } from "../errors.js";
import type { Fault } from "../model/lab-file/faults.js";
import { realClock } from "../util/poll.js";
import type { LabProbe } from "./probe.js";
import { runCheck, type RunOptions } from "./run.js";
import type { Scenario } from "../model/lab-file/checks/scenario.js";
import type { CheckResult } from "../model/lab-file/checks/spec.js";

/** Applies a fault to the lab; returns what it did, in words. */
export interface FaultDriver {
  apply(fault: Fault): Promise<string>;
}

export interface ScenarioRunOptions extends RunOptions {
  /** Told of each fault applied and each pause, for progress output. */
  readonly onStep?: (scenario: string, what: string) => void;
}

export async function runScenarios(
  scenarios: readonly Scenario[],
  probe: LabProbe,
  faults: FaultDriver,
  opts: ScenarioRunOptions = {},
): Promise<CheckResult[]> {
  const clock = opts.clock ?? realClock;
  const results: CheckResult[] = [];
  const emit = (r: CheckResult) => {
    results.push(r);
    opts.onResult?.(r);
  };
  const signal = opts.signal;
  for (const scenario of scenarios) {
    stepLoop: for (const step of scenario.steps) {
      // Interrupted: no new step; the caller reverts the faults already applied (lab/test-run.ts).
      if (signal?.aborted) return results;
      switch (step.kind) {
        case "fault": {
          const started = clock.now();
          try {
            const did = await faults.apply(step.fault);
            opts.onStep?.(scenario.name, `${step.text}: ${did}`);
          } catch (err) {
            emit({
              name: `${scenario.name} / ${step.text}`,
              type: "fault",
              scenario: scenario.name,
              passed: false,
              expected: `fault applied: ${step.text}`,
              observed: (err as Error).message,
              attempts: 1,
              durationMs: clock.now() - started,
            });
            break stepLoop;
          }
          break;
        }
        case "checks":
          for (const check of step.checks) {
            const r = await runCheck(check, probe, opts);
            if (signal?.aborted) return results;
            emit({ ...r, name: `${scenario.name} / ${r.name}`, scenario: scenario.name });
          }
          break;
        case "sleep":
          opts.onStep?.(scenario.name, `sleep ${step.ms / 1000} s`);
          // The race covers a clock that ignores the signal; the real one also clears its timer.
          await Promise.race([clock.sleep(step.ms, signal), abortion(signal)]);
          break;
        default:
          assertNever(step, "scenario step");
      }
    }
  }
  return results;
}

/** Settles when `signal` aborts (never without one), so a long sleep step ends on SIGINT. */
function abortion(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}
