// fabric link down|up NODE:IFACE — cut or restore a link, both ends when the lab's records know the
// other one (as pulling a cable would). Also home of the small runner the fault commands share.
import { Argument, type Command } from "commander";
import { ExitCode, FabricError } from "../errors.js";
import { LiveFaults } from "../faults/live.js";
import { FaultSyntaxError, parseFault } from "../model/lab-file/faults.js";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";
import { openRuntime } from "./runtime-choice.js";

export interface FaultFlags {
  readonly lab?: string;
}

/** Parses the fault words (errors exit 2), applies the fault to the lab, prints what it did. */
export async function runFaultCommand(words: string, flags: FaultFlags): Promise<void> {
  let fault;
  try {
    fault = parseFault(words);
  } catch (err) {
    if (!(err instanceof FaultSyntaxError)) throw err;
    throw new FabricError("fault-invalid", err.message, { exitCode: ExitCode.usage });
  }
  const store = new StateStore();
  const lab = selectLab(store, flags.lab);
  const runtime = await openRuntime(lab.runtime);
  const detail = await new LiveFaults({ store, labName: lab.lab, runtime }).apply(fault);
  process.stdout.write(`${detail}\n`);
}

export function registerLink(program: Command): void {
  program
    .command("link")
    .addArgument(new Argument("<action>", "what to do").choices(["down", "up"]))
    .argument("<endpoint>", "NODE:IFACE, e.g. tor1:net0")
    .description("take a link down or bring it back up (both ends)")
    .option("--lab <name>", "the lab (default: the only deployed lab)")
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
    .action((action: string, endpoint: string, flags: FaultFlags) =>
      runFaultCommand(`link ${action} ${endpoint}`, flags),
    );
}
