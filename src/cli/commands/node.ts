// fabric node stop|start NODE: its name, options and help. The action loads when the command runs.
import { Argument, type Command } from "commander";
import { formatOption } from "../options.js";
import type { FaultFlags } from "../fault.js";

export function declareNode(program: Command): void {
  program
    .command("node")
    .addArgument(new Argument("<action>", "what to do").choices(["stop", "start"]))
    .argument("<node>", "the node")
    .description("stop a node (freeze every process in it) or start it again")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
stop sends SIGSTOP to every process in the node's PID namespace except its holder, as
\`docker pause\` does; start sends SIGCONT (on the docker runtime: docker pause / unpause). The node keeps its interfaces, addresses, routes and
configuration, so it comes back exactly as it was. Its BGP peers notice when their hold timers
expire (9 s with FRR's datacenter defaults); the node's kernel keeps forwarding on its last
routes, like a hung control plane. Commands sent to a stopped node's daemons (vtysh, the
speaker's control socket) wait until it is started again.

Examples:
  fabric node stop tor1
  fabric node start tor1`,
    )
    .action(async (action: "stop" | "start", node: string, flags: FaultFlags) =>
      (await import("../fault.js")).node(action, node, flags),
    );
}
