// Running checks in order, each retried until it passes or its wait runs out — convergence is
// part of what a check measures, so a check that passes on its third try is a pass.
import { pollUntil, realClock, type Clock } from "../util/poll.js";
import type { LabProbe } from "./probe.js";
import type { CheckResult, CheckSpec } from "../model/lab-file/checks/spec.js";
import { evaluate, type Attempt } from "./evaluate.js";
import { StatusLooks } from "./status-looks.js";

export const RETRY_INTERVAL_MS = 500;
/** The least time one look gets, even when the wait is (nearly) over: a check always looks once. */
export const MIN_LOOK_MS = 2_000;

export interface RunOptions {
  readonly onResult?: (result: CheckResult) => void;
  readonly clock?: Clock;
  /** Aborted on SIGINT/SIGTERM: the check in progress stops looking, and no further one starts. */
  readonly signal?: AbortSignal;
  /** Status shared between checks (status-looks.ts); runChecks gives its checks one. */
  readonly looks?: StatusLooks;
}

export async function runCheck(
  check: CheckSpec,
  probe: LabProbe,
  opts: RunOptions = {},
): Promise<CheckResult> {
  const clock = opts.clock ?? realClock;
  const looks = opts.looks ?? new StatusLooks(clock);
  const started = clock.now();
  const attempt = async (): Promise<Attempt> => {
    // What is left of the wait bounds this look, so a node that never answers ends the check on time.
    const left = Math.max(MIN_LOOK_MS, check.waitMs - (clock.now() - started));
    let result: Attempt;
    try {
      result = await evaluate(check, probe.within?.(left) ?? probe, looks);
    } catch (err) {
      result = { passed: false, expected: "", observed: (err as Error).message };
    }
    // Not yet as expected: the retry (and the checks after it) must see the lab as it is now.
    if (!result.passed) looks.forget();
    return result;
  };
  const polled = await pollUntil({
    clock,
    timeoutMs: check.waitMs,
    intervalMs: RETRY_INTERVAL_MS,
    read: attempt,
    // An interrupted run stops retrying; its caller drops this unfinished result.
    done: (a) => a.passed || opts.signal?.aborted === true,
  });
  const last = polled.value;
  return {
    name: check.name,
    type: check.type,
    passed: last.passed,
    expected: last.expected,
    observed: last.observed,
    attempts: polled.attempts,
    durationMs: polled.elapsedMs,
  };
}

export async function runChecks(
  checks: readonly CheckSpec[],
  probe: LabProbe,
  opts: RunOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  // One set of looks for this run: a new run (a scenario's next step) starts from fresh ones.
  const shared = { ...opts, looks: new StatusLooks(opts.clock ?? realClock) };
  for (const check of checks) {
    if (opts.signal?.aborted) break;
    const result = await runCheck(check, probe, shared);
    if (opts.signal?.aborted) break;
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}
