// fabric test LAB: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption, lenientOption } from "../options.js";
import type { TestFlags } from "../test.js";

export function declareTest(program: Command): void {
  program
    .command("test")
    .argument("<path>", "a lab directory (with lab.yaml) or lab file that declares `checks:`")
    .description("deploy a lab (or use it if running), run its checks, report, and destroy it")
    .option("--keep", "leave the lab running afterwards (a lab that was already running is always kept)")
    .option("--junit <file>", "also write the results as JUnit XML")
    .addOption(lenientOption())
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Checks are declared in the lab file, run in order, and each retries until it passes or its
\`wait\` (default 30s) runs out — so a check also waits for convergence. A failing check says what
it expected and what it saw. Then each of the lab file's \`scenarios:\` runs in order: its faults
(\`link down tor1:net0\`, as the fault commands take them), checks and pauses; its results are
named "scenario / check". A scenario should undo its own faults: the next one starts from the
state it leaves.

Exit codes: 0 every check passed; 1 a check failed or the lab could not be deployed; 2 the lab
is invalid or declares no checks.

Examples:
  fabric test labs/cilium-bgp
  fabric test labs/cilium-bgp --junit results.xml     # for CI test reports
  fabric test labs/cilium-bgp --keep                  # look around afterwards`,
    )
    .action(async (path: string, flags: TestFlags) => (await import("../test.js")).test(path, flags));
}
