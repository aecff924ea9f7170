// fabric save [LAB]: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption } from "../options.js";
import type { SaveFlags } from "../save.js";

export function declareSave(program: Command): void {
  program
    .command("save")
    .argument("[lab]", "the lab (default: the one deployed from this directory, else the only one)")
    .description("write each FRR router's running config and each BGP speaker's config to files")
    .option("--lab <name>", "the lab, as the argument")
    .option("--dir <dir>", "where to write: one directory per node (default: ./LAB-saved)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Like containerlab's save: a lab changed by hand (vtysh, \`fabric exec NODE configure …\`) can be
kept. Each router's \`show running-config\` goes to DIR/NODE/frr.conf, each Kubernetes node's
speaker config (the file \`fabric speaker run --config\` reads) to DIR/NODE/speaker.json. Nothing
in the lab changes. A node that cannot be read (frozen, bgpd stopped) is named and the exit
code is 1; the others are still saved.

Examples:
  fabric save
  fabric save cilium-bgp --dir /tmp/cilium-bgp-configs`,
    )
    .action(async (lab: string | undefined, flags: SaveFlags) =>
      (await import("../save.js")).save(lab, flags),
    );
}
