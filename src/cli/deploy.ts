// fabric deploy TOPOLOGY: bring a lab up, with progress, and end with its nodes' addresses.
import { Option, type Command } from "commander";
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { KindProvider } from "../k8s/kind/provider.js";
import {
  CLUSTER_PROVIDERS,
  EMULATED,
  type ClusterProvider,
  type ClusterProviderName,
} from "../lab/cluster-provider.js";
import { deployLab } from "../lab/deploy.js";
import { hostKind } from "../lab/kind-host.js";
import { StateStore } from "../lab/state-store.js";
import { collectSessions, explainSessions } from "../lab/sessions.js";
import {
  DEFAULT_CONVERGENCE_TIMEOUT_MS,
  parseTimeout,
  waitForConvergence,
  type ConvergenceSummary,
} from "../lab/wait.js";
import type { Runtime } from "../runtime/types.js";
import { loadLab } from "../topology/lab/load-lab.js";
import type { Lab } from "../topology/model.js";
import { colourDiagnostic, heading, printJson, table } from "./output.js";
import { SPEAKER_MODES, type SpeakerMode } from "../lab/start-speakers.js";
import { formatOption, type FormatOptions } from "./options.js";
import { openRuntime, RUNTIMES } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";

interface DeployFlags extends FormatOptions {
  readonly runtime: string;
  readonly clusterProvider: ClusterProviderName;
  readonly reconfigure?: boolean;
  readonly speakers: boolean;
  readonly speakerMode: SpeakerMode;
  /** A timeout such as "30s", or false with --no-wait. */
  readonly wait: string | false;
}

export function registerDeploy(program: Command): void {
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
      "wait up to this long for every BGP session to be Established",
      `${DEFAULT_CONVERGENCE_TIMEOUT_MS / 1000}s`,
    )
    .option("--no-wait", "return once the nodes run, without waiting for BGP")
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
    .action(async (path: string, flags: DeployFlags, command: Command) => {
      const loaded = loadLab(path);
      if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
      for (const d of loaded.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
      const waitMs = flags.wait === false ? undefined : checkTimeout(flags.wait);
      const runtimeGiven = command.getOptionValueSource("runtime") === "cli";
      const cluster = await clusterProvider(loaded.lab, flags, runtimeGiven);
      // kind's nodes are Docker containers: its provider implies the docker runtime.
      const runtime = await openRuntime(cluster.type === "kind" ? "docker" : flags.runtime);
      const store = new StateStore();
      const progress = progressFor(process.stderr);
      const result = await deployLab(loaded.lab, {
        runtime,
        store,
        progress,
        reconfigure: flags.reconfigure ?? false,
        speakers: flags.speakers,
        speakerMode: flags.speakerMode,
        cluster,
      });
      let convergence: ConvergenceSummary | undefined;
      if (waitMs !== undefined) {
        progress.phase(`waiting for every BGP session to be Established (up to ${waitMs / 1000} s)`);
        convergence = await waitForConvergence(waitMs, {
          snapshot: () => collectSessions(requireState(store, result.lab), runtime),
        });
      }
      if (flags.format === "json") {
        printJson({ ...result, ...(convergence && { convergence }) });
      } else {
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
            "\n" +
            (convergence?.converged ? `${convergedLine(convergence, result.durationMs)}\n` : ""),
        );
      }
      if (convergence && !convergence.converged) {
        throw await notConverged(requireState(store, result.lab), runtime, convergence, waitMs ?? 0);
      }
    });
}

/**
 * kind's tools are checked here, before the runtime is opened: docker's would otherwise fail
 * first, on a dockerd that is not running, and hide what is really missing.
 */
async function clusterProvider(
  lab: Lab,
  flags: DeployFlags,
  runtimeGiven: boolean,
): Promise<ClusterProvider> {
  if (flags.clusterProvider === "emulated") return EMULATED;
  if (runtimeGiven && flags.runtime !== "docker") {
    throw new FabricError(
      "kind-needs-docker",
      `the kind cluster provider runs on the docker runtime, not ${flags.runtime}`,
      {
        exitCode: ExitCode.usage,
        suggestion: "drop --runtime (kind implies docker), or use the emulated provider on netns",
      },
    );
  }
  if (!lab.cluster) {
    throw new FabricError("no-cluster", `lab ${lab.name} has no Kubernetes cluster for kind to make`, {
      exitCode: ExitCode.usage,
      suggestion: "name a kind config in the lab file (`cluster: cluster.yaml`), or drop --cluster-provider",
    });
  }
  const kind = new KindProvider({ cluster: lab.cluster });
  await kind.checkTools();
  return { type: "kind", kind, host: hostKind };
}

function checkTimeout(text: string): number {
  const ms = parseTimeout(text);
  if (ms === undefined || ms <= 0) {
    throw new FabricError("bad-wait", `--wait ${text} is not a duration`, {
      exitCode: ExitCode.usage,
      suggestion: "e.g. --wait 30s, --wait 2m, or --no-wait",
    });
  }
  return ms;
}

function requireState(store: StateStore, lab: string) {
  const state = store.read(lab);
  if (!state) throw new FabricError("lab-not-found", `lab ${lab} disappeared while deploy waited for it`);
  return state;
}

function convergedLine(c: ConvergenceSummary, deployMs: number): string {
  const frr = c.sessions.filter((s) => s.source === "frr").length;
  return (
    `BGP converged: ${c.up} session${c.up === 1 ? "" : "s"} Established ` +
    `(${frr} FRR, ${c.up - frr} speaker), ${c.prefixesReceived} prefixes received, ` +
    `${(c.elapsedMs / 1000).toFixed(1)} s after the nodes were up (${((deployMs + c.elapsedMs) / 1000).toFixed(1)} s in all)`
  );
}

/** Exit 1, naming every session not up, its last state and what its node says about it. */
async function notConverged(
  lab: ReturnType<typeof requireState>,
  runtime: Runtime,
  c: ConvergenceSummary,
  waitMs: number,
): Promise<FabricError> {
  const reasons = await explainSessions(lab, runtime, c.down);
  const lines = [
    ...c.down.map((s) => {
      const name = s.peerName ? ` (${s.peerName})` : "";
      const why = reasons.get(s);
      return `${s.node} → ${s.peer}${name} [${s.source}]: ${s.state}${why ? ` — ${why}` : ""}`;
    }),
    ...c.problems.map((p) => `${p.node}: ${p.message}`),
  ];
  return new FabricError(
    "not-converged",
    `lab ${lab.lab}: ${c.down.length + c.problems.length} BGP session${c.down.length + c.problems.length === 1 ? "" : "s"} not Established after ${waitMs / 1000} s (${c.up} up):\n  ${lines.join("\n  ")}`,
    {
      exitCode: ExitCode.failure,
      suggestion: `the lab is left running to look at (\`fabric bgp peers --lab ${lab.lab}\`, \`fabric exec NODE show bgp neighbors\`); \`fabric destroy ${lab.lab}\` removes it; --no-wait skips this wait`,
    },
  );
}
