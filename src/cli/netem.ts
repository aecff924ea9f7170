// fabric netem NODE:IFACE --delay 10ms --jitter 2ms --loss 1% --rate 100mbit | --clear
import type { Command } from "commander";
import { ExitCode, FabricError } from "../errors.js";
import { runFaultCommand, type FaultFlags } from "./link.js";

interface NetemFlags extends FaultFlags {
  readonly delay?: string;
  readonly jitter?: string;
  readonly loss?: string;
  readonly rate?: string;
  readonly clear?: boolean;
}

export function registerNetem(program: Command): void {
  program
    .command("netem")
    .argument("<endpoint>", "NODE:IFACE, e.g. tor1:net0")
    .description("impair an interface's egress with delay, jitter, loss or a rate limit (tc netem)")
    .option("--delay <time>", "added delay, e.g. 10ms")
    .option("--jitter <time>", "delay variation, e.g. 2ms (needs --delay)")
    .option("--loss <percent>", "random loss, e.g. 1%")
    .option("--rate <rate>", "rate limit, e.g. 100mbit")
    .option("--clear", "remove the impairment")
    .option("--lab <name>", "the lab (default: the only deployed lab)")
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
    .action((endpoint: string, flags: NetemFlags) => {
      const values = { delay: flags.delay, jitter: flags.jitter, loss: flags.loss, rate: flags.rate };
      const given = Object.entries(values).filter(([, v]) => v !== undefined);
      if (flags.clear) {
        if (given.length > 0)
          throw new FabricError("fault-invalid", "--clear takes no other impairment", {
            exitCode: ExitCode.usage,
          });
        return runFaultCommand(`netem ${endpoint} --clear`, flags);
      }
      return runFaultCommand(`netem ${endpoint} ${given.map(([k, v]) => `--${k} ${v}`).join(" ")}`, flags);
    });
}
