// fabric deploy TOPOLOGY: bring a lab up, with progress, and end with its nodes' addresses.
import { Option, type Command } from "commander";
import { ValidationError } from "../errors.js";
import { deployLab } from "../lab/deploy.js";
import { StateStore } from "../lab/state-store.js";
import { loadLab } from "../topology/lab/load-lab.js";
import { colourDiagnostic, heading, printJson, table } from "./output.js";
import { formatOption, type FormatOptions } from "./options.js";
import { openRuntime, RUNTIMES } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";

interface DeployFlags extends FormatOptions {
  readonly runtime: string;
  readonly reconfigure?: boolean;
  readonly speakers: boolean;
}

export function registerDeploy(program: Command): void {
  program
    .command("deploy")
    .argument("<path>", "a lab directory (with lab.yaml), a lab file, or a containerlab topology file")
    .description("create a lab's nodes and links, configure them, and start them")
    .addOption(new Option("--runtime <runtime>", "where nodes run").choices(RUNTIMES).default("netns"))
    .option("--reconfigure", "destroy a running lab of the same name first")
    .option("--no-speakers", "bring Kubernetes nodes and pods up without their BGP speakers")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
On the netns runtime (the default) every node is a set of Linux namespaces on this host: no
Docker, no images; nodes run the host's own FRR and tools. The network namespace of node N of
lab L is /run/netns/L-N, so \`ip netns exec L-N …\` works too.

Each node's exec lines run in order after all links exist; the first failing line stops the
deploy, names the node, the line and its output, and rolls everything back.

A lab with a Kubernetes cluster gets one namespace host per Kubernetes node (named as kind names
them, created before the topology's nodes so \`network-mode: container:kind-worker\` joins
them), its pods (namespaces behind veths, addressed from the node's PodCIDR and routed as
Cilium's native routing does), and, after every exec line, one BGP speaker per node that has a
Cilium BGP config. deploy returns once every pod and every speaker runs; sessions may still be
coming up.

Examples:
  fabric deploy topologies/leaf-spine.clab.yaml
  fabric deploy topologies/leaf-spine.clab.yaml --reconfigure
  fabric deploy labs/cilium-bgp`,
    )
    .action(async (path: string, flags: DeployFlags) => {
      const loaded = loadLab(path);
      if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
      for (const d of loaded.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
      const runtime = await openRuntime(flags.runtime);
      const result = await deployLab(loaded.lab, {
        runtime,
        store: new StateStore(),
        progress: progressFor(process.stderr),
        reconfigure: flags.reconfigure ?? false,
        speakers: flags.speakers,
      });
      if (flags.format === "json") {
        printJson(result);
        return;
      }
      process.stdout.write(
        `\n${heading(`Lab ${result.lab} is up`)} (${(result.durationMs / 1000).toFixed(1)} s)\n` +
          table(
            ["NODE", "KIND", "ROLE", "MGMT ADDRESS", "NAMESPACE"],
            result.nodes.map((n) => [
              n.name,
              n.kind,
              n.role,
              n.mgmtAddress ?? (n.sharesNetworkWith ? `(shares ${n.sharesNetworkWith})` : "-"),
              `${result.lab}-${n.sharesNetworkWith ?? n.name}`,
            ]),
          ) +
          "\n",
      );
    });
}
