// fabric exec NODE CMD…: run a command inside a node. On FRR routers a command starting with a
// vtysh verb (show, clear, configure, write, debug…) goes through vtysh.
import type { Command } from "commander";
import { FabricError } from "../errors.js";
import { nodeHandle, selectLab, type DeployedNodeHandle } from "../lab/deployed.js";
import { labInfo } from "../lab/lab-info.js";
import { StateStore } from "../lab/state-store.js";
import { isVtyshCommand, vtyshArgv } from "../nodes/vtysh.js";
import { printJson } from "./output.js";
import { formatOption, type FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";

interface ExecFlags extends FormatOptions {
  readonly lab?: string;
  readonly label?: string[];
}

export function registerExec(program: Command): void {
  program
    .command("exec")
    .argument("[node]", "the node to run in (omit with --label)")
    .argument("[command...]", "the command and its arguments")
    .description("run a command inside a node of a deployed lab")
    .option("--lab <name>", "the lab (default: the only deployed lab)")
    .option("--label <key=value>", "run on every node with this label (repeatable)", collect, [])
    .addOption(formatOption())
    .passThroughOptions()
    .addHelpText(
      "after",
      `
The command runs in all of the node's namespaces with its environment. On FRR routers, a
command that starts with show, clear, configure, write or debug is passed to vtysh. The exit
code is the command's (with several nodes: the first non-zero one).

Examples:
  fabric exec tor0 show bgp summary
  fabric exec server1 ping -c 3 10.0.4.2
  fabric exec --label app=frr show bgp ipv4 summary json --format json
  fabric exec tor0 -- ip -json route      # '--' when the command has options of its own`,
    )
    .action(async (node: string | undefined, command: string[], flags: ExecFlags) => {
      const store = new StateStore();
      const lab = selectLab(store, flags.lab);
      const selectors = (flags.label ?? []).map(parseLabel);
      const given = selectors.length > 0 ? [...(node ? [node] : []), ...command] : command;
      // `fabric exec tor0 -- ip -json route`: the separator only protects the command's options.
      const argv = given[0] === "--" ? given.slice(1) : given;
      if (argv.length === 0) {
        throw new FabricError("exec-no-command", "no command given", {
          suggestion: "e.g. fabric exec tor0 show bgp summary",
        });
      }
      const targets: DeployedNodeHandle[] =
        selectors.length > 0
          ? labInfo(lab)
              .nodes.filter((n) => selectors.every(([k, v]) => n.labels[k] === v))
              .map((n) => nodeHandle(lab, n.name))
          : [nodeHandle(lab, requireNode(node))];
      if (targets.length === 0) {
        throw new FabricError(
          "exec-no-match",
          `no node of lab ${lab.lab} has label ${flags.label?.join(", ")}`,
        );
      }
      const runtime = await openRuntime(lab.runtime);
      const results = [];
      for (const t of targets) {
        const inside = t.node.role === "router" && isVtyshCommand(argv) ? vtyshArgv(argv) : argv;
        const r = await runtime.exec(t.record, inside);
        results.push({ node: t.node.name, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
      }
      if (flags.format === "json") {
        printJson(results);
      } else {
        for (const r of results) {
          if (results.length > 1) process.stdout.write(`=== ${r.node} (exit ${r.exitCode}) ===\n`);
          process.stdout.write(r.stdout);
          process.stderr.write(r.stderr);
        }
      }
      process.exitCode = results.find((r) => r.exitCode !== 0)?.exitCode ?? 0;
    });
}

function requireNode(node: string | undefined): string {
  if (!node) throw new FabricError("exec-no-node", "name the node to run in, or select nodes with --label");
  return node;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLabel(text: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new FabricError("bad-label", `--label takes key=value, not ${text}`, { exitCode: 2 });
  return [text.slice(0, eq), text.slice(eq + 1)];
}
