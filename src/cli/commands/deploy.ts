// fabric deploy PATH: its name, options and help. The action loads when the command runs.
import { Option, type Command } from "commander";
import { CLUSTER_PROVIDERS } from "../../k8s/cluster-provider.js";
import { SPEAKER_MODES } from "../../k8s/speaker/modes.js";
import type { DeployFlags } from "../deploy.js";
import { formatOption, lenientOption, RUNTIMES } from "../options.js";

/**
 * How long deploy waits for BGP by default. Written here rather than imported from lab/wait.ts,
 * which would load the session readers into every command's start-up.
 * test/unit/cli/lazy.test.ts keeps the two in step.
 */
export const DEFAULT_WAIT = "60s";

export function declareDeploy(program: Command): void {
  program
    .command("deploy")
    .argument("<path>", "a lab directory (with lab.yaml), a lab file, or a containerlab topology file")
    .description("create a lab's nodes and links, configure them, and start them")
    .addOption(new Option("--runtime <runtime>", "where nodes run").choices(RUNTIMES).default("netns"))
    .addOption(
      new Option(
        "--cluster-provider <provider>",
        "who makes the Kubernetes nodes (kind: a real kind cluster, on docker)",
      )
        .choices(CLUSTER_PROVIDERS)
        .default("emulated"),
    )
    .option("--reconfigure", "destroy a running lab of the same name first")
    .option("--no-speakers", "bring Kubernetes nodes and pods up without their BGP speakers")
    .addOption(
      new Option(
        "--speaker-mode <mode>",
        "host: every node's BGP speaker in one process per lab; process: one `fabric speaker run` per node",
      )
        .choices(SPEAKER_MODES)
        .default("host"),
    )
    .option(
      "--wait <timeout>",
      "wait up to this long for every BGP session to be Established and its routes exchanged",
      DEFAULT_WAIT,
    )
    .option("--no-wait", "return once the nodes run, without waiting for BGP")
    .addOption(lenientOption())
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
Cilium BGP config.

With --cluster-provider kind, the real \`kind\` CLI makes the cluster from the lab's kind config
(kind, kubectl and docker must be installed; the runtime is docker). The topology's nodes that
share a kind node's network (\`network-mode: container:kind-worker\`) join its container, their
links and exec lines are made before the kubelets turn Ready, the workload manifests are applied
with kubectl, and each node's BGP speaker runs in its kind node on the PodCIDR kind gave it.

Then deploy waits until every BGP session the configuration implies is Established: each FRR
router's configured neighbors (\`show bgp summary\`) and each speaker's peers (from the Cilium
CRDs). It prints how many sessions are up and how many prefixes they exchanged. If that takes
longer than --wait (default 60s), deploy exits 1 and names every session not up, with its state
and the reason its node gives; the lab is left running so you can look. A session towards an
address no node holds never comes up: deploy such labs with --no-wait.

Examples:
  fabric deploy topologies/leaf-spine.clab.yaml
  fabric deploy topologies/leaf-spine.clab.yaml --reconfigure
  fabric deploy labs/cilium-bgp
  fabric deploy labs/cilium-bgp --wait 30s
  fabric deploy labs/cilium-bgp --cluster-provider kind
  fabric deploy topologies/leaf-spine.clab.yaml --no-wait   # its servers run no BGP`,
    )
    .action(async (path: string, flags: DeployFlags, command: Command) =>
      (await import("../deploy.js")).deploy(path, flags, command),
    );
}
