// fabric validate PATH: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption, type FormatOptions } from "../options.js";

export function declareValidate(program: Command): void {
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
    .action(async (path: string, options: FormatOptions) =>
      (await import("../validate.js")).validate(path, options),
    );
}
