// fabric deploy TOPOLOGY: bring a lab up, with progress, and end with its nodes' addresses.
import type { Command } from "commander";
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { type ClusterProvider, type ClusterProviderName } from "../k8s/cluster-provider.js";
import { emulatedProvider } from "../k8s/emulated/provider.js";
import { deployLab, kindProvider, type DeployResult } from "../lab/deploy.js";
import { describePeerChange } from "../bgp/config/session-diff.js";
import { StateStore } from "../state/state-store.js";
import { awaitConvergence, notConverged, requireState } from "../lab/converge.js";
import type { ConvergenceSummary } from "../lab/wait.js";
import { parseDuration } from "../util/duration.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import type { Lab } from "../model/model.js";
import { colourDiagnostic, heading, printJson, table } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";
import type { SpeakerMode } from "../k8s/speaker/modes.js";
import type { Runtime } from "../runtime/types.js";
import type { Progress } from "../state/progress.js";
import { interrupted, interruptedBy, Interruption } from "../util/interrupt.js";
import { sharedSpawner } from "../host/spawner/client.js";

export interface DeployFlags extends FormatOptions {
  readonly runtime: string;
  readonly clusterProvider: ClusterProviderName;
  readonly reconfigure?: boolean;
  readonly speakers: boolean;
  readonly speakerMode: SpeakerMode;
  /** A timeout such as "30s", or false with --no-wait. */
  readonly wait: string | false;
  readonly lenient?: boolean;
}

export async function deploy(path: string, flags: DeployFlags, command: Command): Promise<void> {
  // Started now, while the lab's files are read: its python3 takes ~50 ms to start, which the
  // deploy's first host command waited for otherwise.
  sharedSpawner();
  const loaded = loadLab(path, undefined, { lenient: flags.lenient === true });
  if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
  for (const d of loaded.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  const waitMs = flags.wait === false ? undefined : checkTimeout(flags.wait);
  const runtimeGiven = command.getOptionValueSource("runtime") === "cli";
  const cluster = await clusterProvider(loaded.lab, flags, runtimeGiven);
  // kind's nodes are Docker containers: its provider implies the docker runtime.
  const runtime: Runtime = await openRuntime(cluster.name === "kind" ? "docker" : flags.runtime);
  const store = new StateStore();
  const progress = progressFor(process.stderr);
  const name = loaded.lab.name;
  const interruption = new Interruption(
    () => `What deploy made of lab ${name} is left; \`fabric destroy ${name}\` removes it.`,
  );
  try {
    await deployAndWait(loaded.lab, flags, {
      runtime,
      store,
      progress,
      cluster,
      waitMs,
      signal: interruption.signal,
    });
  } finally {
    interruption.dispose();
  }
}

interface DeployRun {
  readonly runtime: Runtime;
  readonly store: StateStore;
  readonly progress: Progress;
  readonly cluster: ClusterProvider;
  readonly waitMs: number | undefined;
  readonly signal: AbortSignal;
}

async function deployAndWait(lab: Lab, flags: DeployFlags, run: DeployRun): Promise<void> {
  const { runtime, store, progress, cluster, waitMs, signal } = run;
  const result = await deployLab(lab, {
    runtime,
    store,
    progress,
    reconfigure: flags.reconfigure ?? false,
    speakers: flags.speakers,
    speakerMode: flags.speakerMode,
    cluster,
    signal,
  });
  const convergence =
    waitMs === undefined
      ? undefined
      : await awaitConvergence(result.lab, waitMs, { store, runtime, progress, signal });
  const by = interruptedBy(signal);
  if (by) {
    // The lab is up: as after a wait that failed, it stays, to be looked at or destroyed.
    throw interrupted(
      by,
      `deploy of lab ${result.lab} interrupted while waiting for BGP to converge; the lab is up and left running, as after a failed wait`,
      `\`fabric destroy ${result.lab}\` removes it`,
    );
  }
  if (flags.format === "json") {
    printJson({ ...result, ...(convergence && { convergence }) });
  } else if (result.reconfigured) {
    process.stdout.write(
      `\n${heading(`Lab ${result.lab} reconfigured in place`)} (${(result.durationMs / 1000).toFixed(1)} s)\n` +
        reconfiguredText(result.reconfigured) +
        (convergence?.converged ? `${convergedLine(convergence, result.durationMs)}\n` : ""),
    );
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
}

/** Per node, each session that changed and how: UPDATEs only, or a reset and why. */
function reconfiguredText(nodes: NonNullable<DeployResult["reconfigured"]>): string {
  const lines = nodes.flatMap((n) =>
    n.changes
      .filter((c) => c.change.kind !== "unchanged")
      .map((c) => `  ${n.node}: ${describePeerChange(c)}`),
  );
  return lines.length > 0 ? `${lines.join("\n")}\n` : "  no BGP change: every session is as it was\n";
}

/**
 * The cluster provider, made before the runtime is opened: kind's precondition (its tools)
 * would otherwise fail after docker's, on a dockerd that is not running, and hide what is missing.
 */
async function clusterProvider(
  lab: Lab,
  flags: DeployFlags,
  runtimeGiven: boolean,
): Promise<ClusterProvider> {
  if (flags.clusterProvider === "emulated") return emulatedProvider;
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
  return kindProvider(lab);
}

function checkTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new FabricError("bad-wait", `--wait ${text} is not a duration`, {
      exitCode: ExitCode.usage,
      suggestion: "e.g. --wait 30s, --wait 2m, or --no-wait",
    });
  }
  return ms;
}

function convergedLine(c: ConvergenceSummary, deployMs: number): string {
  const frr = c.sessions.filter((s) => s.source === "frr").length;
  return (
    `BGP converged: ${c.up} session${c.up === 1 ? "" : "s"} Established ` +
    `(${frr} FRR, ${c.up - frr} speaker), ${c.prefixesReceived} prefixes received, ` +
    `${(c.elapsedMs / 1000).toFixed(1)} s after the nodes were up (${((deployMs + c.elapsedMs) / 1000).toFixed(1)} s in all)`
  );
}
