// fabric test LAB: deploy (or reuse) a lab, run its checks in order, report, clean up, and say
// with the exit code whether the fabric works: 0 all passed, 1 a check failed, 2 the lab could
// not be deployed or its checks are invalid.
import { writeFileSync } from "node:fs";
import chalk from "chalk";
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { junitXml } from "../checks/junit.js";
import { runChecks } from "../checks/run.js";
import { runScenarios } from "../checks/run-scenarios.js";
import { LiveFaults } from "../faults/live.js";
import type { CheckResult } from "../model/lab-file/checks/spec.js";
import { deployLab } from "../lab/deploy.js";
import { destroyLab } from "../lab/destroy.js";
import { LiveProbe } from "../lab/probe.js";
import { StateStore } from "../state/state-store.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { colourDiagnostic, printJson, table } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";

export interface TestFlags extends FormatOptions {
  readonly keep?: boolean;
  readonly junit?: string;
}

export async function test(path: string, flags: TestFlags): Promise<void> {
  const loaded = loadLab(path);
  if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
  const lab = loaded.lab;
  for (const d of loaded.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  const checks = lab.checks ?? [];
  const scenarios = lab.scenarios ?? [];
  if (checks.length === 0 && scenarios.length === 0) {
    throw new FabricError("no-checks", `lab ${lab.name} declares no checks`, {
      exitCode: ExitCode.usage,
      suggestion: "add a `checks:` or `scenarios:` list to its lab file (see `fabric test --help`)",
    });
  }
  const store = new StateStore();
  const existing = store.read(lab.name);
  const runtime = await openRuntime(existing?.runtime ?? "netns");
  const progress = progressFor(process.stderr);
  const started = Date.now();
  let deployedHere = false;
  if (existing?.phase === "running") {
    progress.note(`lab ${lab.name} is already running: testing it as it is, and keeping it`);
  } else {
    try {
      await deployLab(lab, { runtime, store, progress, reconfigure: existing !== undefined });
      deployedHere = true;
    } catch (err) {
      throw new FabricError(
        "deploy-failed",
        `lab ${lab.name} could not be deployed: ${(err as Error).message}`,
        {
          exitCode: ExitCode.usage,
          cause: err,
        },
      );
    }
  }
  let results: CheckResult[] = [];
  try {
    const probe = new LiveProbe(store, lab.name, runtime);
    const onResult = (r: CheckResult) =>
      process.stderr.write(
        `${r.passed ? chalk.green("PASS") : chalk.red("FAIL")} ${r.name} (${(r.durationMs / 1000).toFixed(1)} s)\n`,
      );
    results = await runChecks(checks, probe, { onResult });
    const faults = new LiveFaults({ store, labName: lab.name, runtime });
    results.push(
      ...(await runScenarios(scenarios, probe, faults, {
        onResult,
        onStep: (scenario, what) => process.stderr.write(`${chalk.cyan("STEP")} ${scenario}: ${what}\n`),
      })),
    );
  } finally {
    if (deployedHere && !flags.keep) await destroyLab(lab.name, { runtime, store, progress });
  }
  const totalMs = Date.now() - started;
  if (flags.junit) writeFileSync(flags.junit, junitXml(lab.name, results, totalMs));
  const failed = results.filter((r) => !r.passed);
  if (flags.format === "json") {
    printJson({ lab: lab.name, passed: failed.length === 0, durationMs: totalMs, results });
  } else {
    process.stdout.write(
      table(
        ["RESULT", "CHECK", "TIME", "DETAIL"],
        results.map((r) => [
          r.passed ? "pass" : "FAIL",
          r.name,
          `${(r.durationMs / 1000).toFixed(1)}s`,
          r.passed ? r.observed : `expected ${r.expected}; saw ${r.observed}`,
        ]),
      ) +
        `\n\n${failed.length === 0 ? chalk.green(`${results.length} passed, 0 failed`) : chalk.red(`${results.length - failed.length} passed, ${failed.length} failed`)} in ${(totalMs / 1000).toFixed(1)} s\n`,
    );
  }
  process.exitCode = failed.length === 0 ? ExitCode.ok : ExitCode.failure;
}
