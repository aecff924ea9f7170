// fabric graph PATH: its name, options and help. The action loads when the command runs.
import { Option, type Command } from "commander";
import { GRAPH_FORMATS, type GraphFormat } from "../views/graph/render.js";

export function declareGraph(program: Command): void {
  program
    .command("graph")
    .argument("<path>", "a lab directory, a lab file, or a containerlab topology file")
    .description("draw the lab's topology as Mermaid or Graphviz DOT, grouped by rack and role")
    .addOption(new Option("--format <format>", "drawing language").choices(GRAPH_FORMATS).default("mermaid"))
    .addHelpText(
      "after",
      `
Nodes that share a Kubernetes node's network namespace (network-mode: container:X) are drawn as
part of that node; links are labelled with the interface names at both ends.

Examples:
  fabric graph labs/cilium-bgp > lab.mmd                 # paste into a GitHub issue in a mermaid block
  fabric graph labs/cilium-bgp --format dot | dot -Tsvg > lab.svg`,
    )
    .action(async (path: string, options: { format: GraphFormat }) =>
      (await import("../graph.js")).graph(path, options.format),
    );
}
