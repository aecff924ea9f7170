// fabric get pods|nodes|svc: its name, options and help. The action loads when the command runs.
import { Argument, type Command } from "commander";
import type { GetFlags } from "../get.js";
import { formatOption } from "../options.js";

export function declareGet(program: Command): void {
  program
    .command("get")
    .addArgument(new Argument("<what>", "what to list").choices(["pods", "nodes", "svc"]))
    .description(
      "list a lab's Kubernetes pods, nodes or Services, like kubectl get pods -o wide / get nodes / get svc",
    )
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .action(async (what: "pods" | "nodes" | "svc", flags: GetFlags) =>
      (await import("../get.js")).get(what, flags),
    );
}
