// Running checks in order, each retried until it passes or its wait runs out — convergence is
// part of what a check measures, so a check that passes on its third try is a pass.
import type { LabProbe } from "./probe.js";
import type { CheckResult, CheckSpec } from "../model/lab-file/checks/spec.js";
import { evaluate, type Attempt } from "./evaluate.js";

export const RETRY_INTERVAL_MS = 500;

export interface RunOptions {
  readonly onResult?: (result: CheckResult) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export async function runCheck(
  check: CheckSpec,
  probe: LabProbe,
  opts: RunOptions = {},
): Promise<CheckResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  let attempts = 0;
  let last: Attempt;
  for (;;) {
    attempts++;
    try {
      last = await evaluate(check, probe);
    } catch (err) {
      last = { passed: false, expected: "", observed: (err as Error).message };
    }
    if (last.passed || now() - start >= check.waitMs) break;
    await sleep(RETRY_INTERVAL_MS);
  }
  return {
    name: check.name,
    type: check.type,
    passed: last.passed,
    expected: last.expected,
    observed: last.observed,
    attempts,
    durationMs: now() - start,
  };
}

export async function runChecks(
  checks: readonly CheckSpec[],
  probe: LabProbe,
  opts: RunOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(check, probe, opts);
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}
