// fabric pod stop|start POD: its name, options and help. The action loads when the command runs.
import { Argument, type Command } from "commander";
import type { PodFlags } from "../pod.js";
import { formatOption } from "../options.js";

export function declarePod(program: Command): void {
  program
    .command("pod")
    .addArgument(new Argument("<action>", "what to do").choices(["stop", "start"]))
    .argument("<pod>", "the pod: NAME, pod/NAME or NODE/NAME as `fabric get pods` lists it")
    .description("stop a pod's command (it turns NotReady and leaves its Services) or start it again")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
The pod keeps its namespaces and address, as a pod whose container exited keeps its sandbox.
Its Services follow at once: every node's nftables rules send new connections only to ready
endpoints, and a node advertises a Service with externalTrafficPolicy: Local only while it has a
ready endpoint of it, so stopping the last one withdraws the node's /32s from its BGP peers.

Examples:
  fabric pod stop solo
  fabric pod start kind-worker2/solo`,
    )
    .action(async (action: "stop" | "start", ref: string, flags: PodFlags) =>
      (await import("../pod.js")).pod(action, ref, flags),
    );
}
