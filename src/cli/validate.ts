// fabric validate PATH: read every file of a lab, report every problem, print the resolved plan.
import { ExitCode, hasErrors, ValidationError } from "../errors.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { summarizeLab } from "./views/summary.js";
import { colourDiagnostic, printJson } from "./output.js";
import type { FormatOptions } from "./options.js";
import { renderLabPlan } from "./views/lab-plan.js";
import { renderDeployPlan } from "./views/deploy-plan-view.js";
import { planForValidate } from "../lab/plan/validate-plan.js";

export function validate(path: string, options: FormatOptions): void {
  const result = loadLab(path);
  const deploy = result.lab && planForValidate(result.lab);
  if (options.format === "json") {
    printJson({
      valid: !hasErrors(result.diagnostics),
      diagnostics: result.diagnostics,
      ...(result.lab ? { plan: summarizeLab(result.lab) } : {}),
      ...(deploy?.plan && { deployPlan: deploy.plan }),
      ...(deploy?.refused && { deployRefused: deploy.refused }),
    });
    process.exitCode = result.lab ? ExitCode.ok : ExitCode.usage;
    return;
  }
  if (!result.lab) throw new ValidationError(result.diagnostics);
  for (const d of result.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  process.stdout.write(renderLabPlan(summarizeLab(result.lab)));
  if (deploy?.plan) process.stdout.write("\n" + renderDeployPlan(deploy.plan));
  if (deploy?.refused)
    process.stderr.write(`warning: deploy would refuse this lab: ${deploy.refused.message}\n`);
}
