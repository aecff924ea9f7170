// fabric test LAB: run a lab's tests (lab/test-run.ts) and report them, and say with the exit
// code whether the fabric works: 0 all passed, 1 a check failed or the lab could not be
// deployed, 2 the lab or its checks are invalid.
import { writeFileSync } from "node:fs";
import chalk from "chalk";
import { ExitCode, ValidationError } from "../errors.js";
import { junitXml } from "../checks/junit.js";
import { runLabTests } from "../lab/test-run.js";
import { StateStore } from "../state/state-store.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { colourDiagnostic, printJson, table } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";
import { Interruption } from "../util/interrupt.js";

export interface TestFlags extends FormatOptions {
  readonly keep?: boolean;
  readonly junit?: string;
  readonly lenient?: boolean;
}

export async function test(path: string, flags: TestFlags): Promise<void> {
  const loaded = loadLab(path, undefined, { lenient: flags.lenient === true });
  if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
  const lab = loaded.lab;
  for (const d of loaded.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  const interruption = new Interruption(
    () =>
      `Faults of this run and lab ${lab.name} are left as they are; \`fabric destroy ${lab.name}\` removes it.`,
  );
  const { results, durationMs: totalMs } = await runLabTests(lab, {
    signal: interruption.signal,
    store: new StateStore(),
    progress: progressFor(process.stderr),
    openRuntime,
    keep: flags.keep ?? false,
    onResult: (r) =>
      process.stderr.write(
        `${r.passed ? chalk.green("PASS") : chalk.red("FAIL")} ${r.name} (${(r.durationMs / 1000).toFixed(1)} s)\n`,
      ),
    onStep: (scenario, what) => process.stderr.write(`${chalk.cyan("STEP")} ${scenario}: ${what}\n`),
  }).finally(() => interruption.dispose());
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
