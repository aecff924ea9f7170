// fabric netem NODE:IFACE: its name, options and help. The action loads when the command runs.
import type { Command } from "commander";
import { formatOption } from "../options.js";
import type { NetemFlags } from "../fault.js";

export function declareNetem(program: Command): void {
  program
    .command("netem")
    .argument("<endpoint>", "NODE:IFACE, e.g. tor1:net0")
    .description("impair an interface's egress with delay, jitter, loss or a rate limit (tc netem)")
    .option("--delay <time>", "added delay, e.g. 10ms")
    .option("--jitter <time>", "delay variation, e.g. 2ms (needs --delay)")
    .option("--loss <percent>", "random loss, e.g. 1%")
    .option("--rate <rate>", "rate limit, e.g. 100mbit")
    .option("--clear", "remove the impairment")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Sets \`tc qdisc replace dev IFACE root netem …\` in the node's network namespace: it shapes what
the interface sends. Impair both ends for a symmetric link. A second netem on the same interface
replaces the first; --clear removes it.

Examples:
  fabric netem tor1:net0 --delay 10ms --jitter 2ms --loss 1% --rate 100mbit
  fabric netem tor1:net0 --clear`,
    )
    .action(async (endpoint: string, flags: NetemFlags) =>
      (await import("../fault.js")).netem(endpoint, flags),
    );
}
