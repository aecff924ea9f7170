// fabric bgp peers|routes|stop|start: names, options and help. The actions load when a command runs.
import { Argument, Option, type Command } from "commander";
import type { BgpFlags } from "../bgp.js";
import { formatOption } from "../options.js";

export function declareBgp(program: Command): void {
  const bgp = program
    .command("bgp")
    .description("the BGP speakers of a lab's Kubernetes nodes: peers, routes, stop, start");

  bgp
    .command("peers")
    .description("every Kubernetes node's BGP sessions, like `cilium bgp peers`")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .option("--node <name>", "only this Kubernetes node")
    .addOption(formatOption())
    .action(async (flags: BgpFlags) => (await import("../bgp.js")).peers(flags));

  bgp
    .command("routes")
    .addArgument(new Argument("<kind>", "which table").choices(["available", "advertised"]))
    .description("every Kubernetes node's BGP routes, like `cilium bgp routes available|advertised`")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .option("--node <name>", "only this Kubernetes node")
    .addOption(new Option("--afi <afi>", "address family").choices(["ipv4", "ipv6"]))
    .addOption(formatOption())
    .action(async (kind: "available" | "advertised", flags: BgpFlags) =>
      (await import("../bgp.js")).routes(kind, flags),
    );

  bgp
    .command("stop")
    .argument("<node>", "the Kubernetes node")
    .description("stop a node's BGP speaker (it sends a Cease; its peers withdraw its routes)")
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .action(async (node: string, flags: BgpFlags) => (await import("../bgp.js")).stop(node, flags));

  bgp
    .command("start")
    .argument("[node]", "the Kubernetes node (default: every node whose speaker is not running)")
    .description(
      "start a node's BGP speaker again, on the config deploy gave it; the speaker host too if it died",
    )
    .option("--lab <name>", "the lab (default: the one deployed from this directory, else the only one)")
    .addOption(formatOption())
    .action(async (node: string | undefined, flags: BgpFlags) =>
      (await import("../bgp.js")).start(node, flags),
    );
}
