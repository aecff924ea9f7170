// fabric link down|up NODE:IFACE: its name, options and help. The action loads when the command runs.
import { Argument, type Command } from "commander";
import { formatOption } from "../options.js";
import type { FaultFlags } from "../fault.js";

export function declareLink(program: Command): void {
  program
    .command("link")
    .addArgument(new Argument("<action>", "what to do").choices(["down", "up"]))
    .argument("<endpoint>", "NODE:IFACE, e.g. tor1:net0")
    .description("take a link down or bring it back up (both ends)")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Runs \`ip link set dev IFACE down|up\` in the node's network namespace, and on the other end of
the veth when the lab created that link, so both routers see the carrier go. Active faults are
recorded in the lab state; destroy needs nothing undone.

Examples:
  fabric link down tor1:net0     # cut tor1's uplink to the spine
  fabric link up tor1:net0`,
    )
    .action(async (action: "down" | "up", endpoint: string, flags: FaultFlags) =>
      (await import("../fault.js")).link(action, endpoint, flags),
    );
}
