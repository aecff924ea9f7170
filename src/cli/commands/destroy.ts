// fabric destroy [NAME]: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import type { DestroyFlags } from "../destroy.js";
import { formatOption } from "../options.js";

export function declareDestroy(program: Command): void {
  program
    .command("destroy")
    .argument("[name]", "the lab's name (default: the one deployed from this directory, else the only one)")
    .description("remove everything a lab created, even after a crash halfway through deploy")
    .option("-t, --topology <path>", "name the lab by its lab directory or topology file")
    .option("--all", "destroy every deployed lab")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Destroy works from the lab's state record (under /run/fabric), so it needs neither the topology
file nor a finished deploy. Docker containers and networks of a lab whose record is gone are
found by their fabric.lab label (and --all finds such labs too). Destroying a lab that is not
deployed succeeds and says so.

Examples:
  fabric destroy                     # the lab deployed from here, else the only one
  fabric destroy leaf-spine
  fabric destroy -t topologies/leaf-spine.clab.yaml
  fabric destroy --all`,
    )
    .action(async (name: string | undefined, flags: DestroyFlags) =>
      (await import("../destroy.js")).destroy(name, flags),
    );
}
