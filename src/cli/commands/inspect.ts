// fabric inspect [NAME]: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import type { InspectFlags } from "../inspect.js";
import { formatOption } from "../options.js";

export function declareInspect(program: Command): void {
  program
    .command("inspect")
    .argument("[name]", "the lab (default: the lab deployed from this directory, else the only one)")
    .description(
      "list a deployed lab's nodes (Kubernetes nodes and pods too): kind, state, address, namespace",
    )
    .option("--lab <name>", "the lab, as the argument")
    .option("--all", "every lab on this host: name, runtime, nodes, state, age")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Every command that acts on a deployed lab picks it the same way: the name given (--lab NAME,
or the argument), else the lab whose files are in the current directory, else the only one.

Examples:
  fabric inspect
  fabric inspect --all --format json`,
    )
    .action(async (name: string | undefined, flags: InspectFlags) =>
      flags.all
        ? (await import("../inspect-all.js")).inspectAll(flags)
        : (await import("../inspect.js")).inspect(name ?? flags.lab, flags),
    );
}
