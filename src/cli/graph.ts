// fabric graph PATH: the lab as a picture, without running anything.
import { Option, type Command } from "commander";
import { ValidationError } from "../errors.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { layoutLab } from "./views/graph/layout.js";
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from "./views/graph/render.js";

export function registerGraph(program: Command): void {
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
    .action((path: string, options: { format: GraphFormat }) => {
      const result = loadLab(path);
      if (!result.lab) throw new ValidationError(result.diagnostics);
      process.stdout.write(renderGraph(layoutLab(result.lab), options.format));
    });
}
