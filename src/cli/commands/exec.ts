// fabric exec NODE CMD…: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import type { ExecFlags } from "../exec.js";
import { formatOption } from "../options.js";

export function declareExec(program: Command): void {
  program
    .command("exec")
    .argument("[node]", "the node to run in (omit with --label)")
    .argument("[command...]", "the command and its arguments")
    .description("run a command inside a node of a deployed lab")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .option("--label <key=value>", "run on every node with this label (repeatable)", collect, [])
    .option(
      "--timeout <seconds>",
      "end the command (exit 1, naming the node) after this long; 0: never",
      "60",
    )
    .addOption(formatOption())
    .passThroughOptions()
    .addHelpText(
      "after",
      `
The command runs in all of the node's namespaces with its environment. On FRR routers, a
command that starts with show, clear, configure, write or debug is passed to vtysh. The exit
code is the command's (with several nodes: the first non-zero one). A node frozen with
\`fabric node stop\` is refused at once; a command still running after --timeout is killed.
fabric's own options (--lab, --label, --timeout, --format) may come anywhere before a '--',
after the node too; everything after '--' is the command's, untouched.

Examples:
  fabric exec tor0 show bgp summary
  fabric exec server1 ping -c 3 10.0.4.2
  fabric exec --label app=frr show bgp ipv4 summary json --format json
  fabric exec tor0 show bgp summary json --format json   # --format is fabric's
  fabric exec tor0 -- ip -json route      # '--' when the command has options of its own
  fabric exec kind-worker show bgp peers  # the node's BGP speaker, in Cilium's columns
  fabric exec kind-worker/netshoot-x7k2q -- ping -c 3 10.1.3.2
  fabric exec pod/netshoot-x7k2q -- traceroute -n 10.1.3.2`,
    )
    .action(async (node: string | undefined, command: string[], flags: ExecFlags) =>
      (await import("../exec.js")).exec(node, command, flags),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
