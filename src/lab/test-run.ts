// `fabric test`'s use case: deploy a lab (or use it as it runs), run its checks and then its
// scenarios in order, and destroy it again unless it was already running or is to be kept. The
// CLI prints; this decides what runs and what is left behind.
import { ExitCode, FabricError } from "../errors.js";
import { runChecks } from "../checks/run.js";
import { runScenarios } from "../checks/run-scenarios.js";
import { LiveFaults } from "../faults/live.js";
import type { CheckResult } from "../model/lab-file/checks/spec.js";
import type { Lab } from "../model/model.js";
import type { Runtime } from "../runtime/types.js";
import type { Progress } from "../state/progress.js";
import type { StateStore } from "../state/state-store.js";
import { deployLab } from "./deploy.js";
import { destroyLab } from "./destroy.js";
import { labHealth, unhealthyReasons } from "./health.js";
import { LiveProbe } from "./probe.js";
import { describeFault, type Fault } from "../model/lab-file/faults.js";
import type { FaultDriver } from "../checks/run-scenarios.js";
import { faultsToRevert } from "../faults/revert.js";
import { activeFaults } from "../state/active-faults.js";
import type { LabState } from "../state/state-store.js";
import { interrupted, interruptedBy } from "../util/interrupt.js";

export interface LabTestOptions {
  readonly store: StateStore;
  readonly progress: Progress;
  /** Opens a runtime by name: the running lab's, or netns for a lab deployed here. */
  readonly openRuntime: (name: string) => Promise<Runtime>;
  /** Leave a lab deployed here running afterwards (one already running is always kept). */
  readonly keep?: boolean;
  readonly onResult?: (result: CheckResult) => void;
  readonly onStep?: (scenario: string, what: string) => void;
  /** SIGINT/SIGTERM (util/interrupt.ts): stop, revert this run's faults, exit 130. */
  readonly signal?: AbortSignal;
}

export interface LabTestRun {
  /** The checks' results, then each scenario's, in the order they ran. */
  readonly results: readonly CheckResult[];
  /** Whether this run deployed the lab (rather than finding it running). */
  readonly deployedHere: boolean;
  readonly durationMs: number;
}

export async function runLabTests(lab: Lab, opts: LabTestOptions): Promise<LabTestRun> {
  const { store, progress } = opts;
  const checks = lab.checks ?? [];
  const scenarios = lab.scenarios ?? [];
  if (checks.length === 0 && scenarios.length === 0) {
    throw new FabricError("no-checks", `lab ${lab.name} declares no checks`, {
      exitCode: ExitCode.usage,
      suggestion: "add a `checks:` or `scenarios:` list to its lab file (see `fabric test --help`)",
    });
  }
  const existing = store.read(lab.name);
  const runtime = await opts.openRuntime(existing?.runtime ?? "netns");
  const started = Date.now();
  let deployedHere = false;
  if (existing?.phase === "running") {
    progress.note(`lab ${lab.name} is already running: testing it as it is, and keeping it`);
  } else {
    try {
      await deployLab(lab, {
        runtime,
        store,
        progress,
        reconfigure: existing !== undefined,
        ...(opts.signal && { signal: opts.signal }),
      });
      deployedHere = true;
    } catch (err) {
      if (err instanceof FabricError && err.code === "interrupted") throw err;
      // The lab is not in the state asked for (exit 1), unless deploy refused its input (exit 2).
      const invalid = err instanceof FabricError && err.exitCode === ExitCode.usage;
      throw new FabricError("deploy-failed", `lab ${lab.name} could not be deployed`, {
        cause: err,
        exitCode: invalid ? ExitCode.usage : ExitCode.failure,
      });
    }
  }
  const results: CheckResult[] = [];
  const signal = opts.signal;
  const run = { onResult: opts.onResult, onStep: opts.onStep, ...(signal && { signal }) };
  const destroying = deployedHere && !opts.keep;
  try {
    await preflight(store, lab.name, runtime);
    const probe = new LiveProbe(store, lab.name, runtime);
    results.push(...(await runChecks(checks, probe, run)));
    const live = new LiveFaults({ store, labName: lab.name, runtime });
    // Every fault the scenarios apply, so an interrupted run can undo those still in force.
    const applied: Fault[] = [];
    const before = activeFaults(requireLab(store, lab.name));
    const faults: FaultDriver = {
      apply: (fault) => {
        applied.push(fault);
        return live.apply(fault);
      },
    };
    results.push(...(await runScenarios(scenarios, probe, faults, run)));
    const by = interruptedBy(signal);
    if (by) {
      // Undone even when destroy follows: the answer says what was reverted either way.
      const undo = faultsToRevert(applied, before, activeFaults(requireLab(store, lab.name)));
      const lines: string[] = [];
      for (const { fault, undo: inverse } of undo) {
        const did = await live.apply(inverse).then(
          (d) => `reverted ${describeFault(fault)} (${d})`,
          (e: unknown) => `NOT reverted ${describeFault(fault)}: ${(e as Error).message}`,
        );
        progress.note(did);
        lines.push(did);
      }
      if (undo.length === 0) lines.push("no fault of this run was in force");
      const left = destroying
        ? `lab ${lab.name} destroyed, as this run deployed it`
        : `lab ${lab.name} left running: ${deployedHere ? "--keep" : "it was running before this test"}`;
      throw interrupted(
        by,
        `fabric test stopped after ${results.length} result(s); ${[...lines, left].join("; ")}`,
      );
    }
  } finally {
    if (destroying) await destroyLab(lab.name, { runtime, store, progress });
  }
  return { results, deployedHere, durationMs: Date.now() - started };
}

/**
 * Before any check: a lab whose bgpd or speaker host died would fail its checks one timeout at a
 * time (minutes); the reason is known now, so say it now.
 */
async function preflight(store: StateStore, name: string, runtime: Runtime): Promise<void> {
  const state = store.read(name);
  if (!state) return;
  const reasons = unhealthyReasons(await labHealth(state, runtime));
  if (reasons.length === 0) return;
  throw new FabricError("lab-unhealthy", `lab ${name} is not fit for its checks: ${reasons.join("; ")}`, {
    suggestion: `see \`fabric inspect ${name}\`; redeploy it, or wait for what is restarting`,
  });
}

function requireLab(store: StateStore, name: string): LabState {
  const state = store.read(name);
  if (!state) throw new FabricError("lab-not-found", `lab ${name} disappeared while its tests ran`);
  return state;
}
