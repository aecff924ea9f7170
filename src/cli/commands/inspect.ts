// fabric inspect [NAME]: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption, type FormatOptions } from "../options.js";

export function declareInspect(program: Command): void {
  program
    .command("inspect")
    .argument("[name]", "the lab (default: the only deployed lab)")
    .description(
      "list a deployed lab's nodes (Kubernetes nodes and pods too): kind, state, address, namespace",
    )
    .addOption(formatOption())
    .action(async (name: string | undefined, flags: FormatOptions) =>
      (await import("../inspect.js")).inspect(name, flags),
    );
}
