// fabric graph LAB: its name, options and help. The action loads when the command runs.
import { Option, type Command } from "commander";
import type { GraphFlags } from "../graph.js";
import { GRAPH_FORMATS } from "../views/graph/render.js";

export function declareGraph(program: Command): void {
  program
    .command("graph")
    .argument(
      "[lab]",
      "a lab directory, lab file or containerlab topology file; or a deployed lab's name (default: the one deployed from this directory, else the only one)",
    )
    .description(
      "draw a lab's topology: Mermaid, DOT, SVG, JSON, a static HTML page, or a live page with --serve",
    )
    .addOption(
      new Option("--format <format>", "drawing language")
        .choices([...GRAPH_FORMATS, "json", "html"])
        .default("mermaid"),
    )
    .option("--serve", "serve a live page of a deployed lab (read-only) until Ctrl-C")
    .option("--port <port>", "with --serve: the port (0: any free one)", "8080")
    .option("--host <address>", "with --serve: the address to listen on", "127.0.0.1")
    .addHelpText(
      "after",
      `
From files, nodes that share a Kubernetes node's network namespace (network-mode: container:X)
are drawn as part of that node; links are labelled with the interface names at both ends. SVG,
JSON and HTML from files also draw every BGP session the files configure (state "configured":
nothing runs); pods are drawn only for a deployed lab. From a deployed lab, routers and nodes
carry their ASN and every BGP session is an edge with its state.

--serve prints the page's URL: spines, ToRs, Kubernetes nodes and pods grouped by rack, sessions
coloured by state and updated about once a second while the page is open; click a node for its
sessions, prefixes and addresses. /api/graph is the same data as JSON, /events pushes changes
(server-sent events). Large labs start with each rack collapsed into one box; click to open.

Examples:
  fabric graph labs/cilium-bgp > lab.mmd                 # paste into a GitHub issue in a mermaid block
  fabric graph labs/cilium-bgp --format svg > lab.svg     # no Graphviz needed; docs/labs/ are made so
  fabric graph labs/cilium-bgp --format html > lab.html   # the page, from the files, no deploy
  fabric graph cilium-bgp --serve                        # then open http://127.0.0.1:8080/
  fabric graph cilium-bgp --format html > lab.html       # one file, opens without a server
  fabric graph cilium-bgp --format json | jq '.sessions[] | select(.state != "established")'`,
    )
    .action(async (lab: string | undefined, flags: GraphFlags) =>
      (await import("../graph.js")).graph(lab, flags),
    );
}
