// fabric validate PATH: read every file of a lab, report every problem, print the resolved plan.
import type { Command } from "commander";
import { ExitCode, hasErrors, ValidationError } from "../errors.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { summarizeLab } from "./views/summary.js";
import { colourDiagnostic, printJson } from "./output.js";
import { formatOption, type FormatOptions } from "./options.js";
import { renderLabPlan } from "./views/lab-plan.js";
import { renderDeployPlan } from "./views/deploy-plan-view.js";
import { planForValidate } from "../lab/plan/validate-plan.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .argument("<path>", "a lab directory (with lab.yaml), a lab file, or a containerlab topology file")
    .description("check a lab's files and print the plan fabric would deploy")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Every error is listed as file:line:col: message, with a hint where one helps.
Exit codes: 0 valid (warnings allowed), 2 invalid.

Examples:
  fabric validate labs/cilium-bgp
  fabric validate topologies/leaf-spine.clab.yaml
  fabric validate labs/cilium-bgp --format json | jq '.plan.sessions[] | {node, peerAddress}'
  fabric validate labs/cilium-bgp --format json | jq '.deployPlan.info.cluster.pods[] | {name, ip}'`,
    )
    .action((path: string, options: FormatOptions) => {
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
    });
}
