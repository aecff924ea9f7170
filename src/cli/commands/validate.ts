// fabric validate PATH: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption, lenientOption, type FormatOptions, type LenientOptions } from "../options.js";

export function declareValidate(program: Command): void {
  program
    .command("validate")
    .argument("<path>", "a lab directory (with lab.yaml), a lab file, or a containerlab topology file")
    .description("check a lab's files and print the plan fabric would deploy")
    .addOption(formatOption())
    .addOption(lenientOption())
    .addHelpText(
      "after",
      `
Every error is listed as file:line:col: message, with a hint where one helps.
Unknown fields in lab.yaml, the kind config and the manifests are errors, as \`kubectl apply\`
and kind treat them; --lenient (or \`strictFields: false\` in lab.yaml) makes them warnings.
Exit codes: 0 valid (warnings allowed), 2 invalid.

Examples:
  fabric validate labs/cilium-bgp
  fabric validate topologies/leaf-spine.clab.yaml
  fabric validate labs/cilium-bgp --format json | jq '.plan.sessions[] | {node, peerAddress}'
  fabric validate labs/cilium-bgp --format json | jq '.deployPlan.info.cluster.pods[] | {name, ip}'`,
    )
    .action(async (path: string, options: FormatOptions & LenientOptions) =>
      (await import("../validate.js")).validate(path, options),
    );
}
