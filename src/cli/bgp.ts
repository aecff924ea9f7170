// fabric bgp: the BGP speakers of a lab's Kubernetes nodes, all at once, in Cilium's columns
// (`cilium bgp peers`, `cilium bgp routes available|advertised`), and stopping or starting one.
import type { PeerRow, RouteRow } from "../bgp/status/index.js";
import { formatPeers, formatRoutesAdvertised, formatRoutesAvailable } from "../bgp/status/index.js";
import { FabricError } from "../errors.js";
import { collectPeers, collectRoutes, type Collected } from "../k8s/speaker/bgp-status.js";
import { findHostRecord, startHostedInstances, stopHostedInstance } from "../k8s/speaker/host.js";
import { hostSpeakerHost } from "../k8s/speaker/host-process.js";
import { describeHostHealth, speakerHostHealth, type HostHealth } from "../k8s/speaker/host-health.js";
import { speakerView } from "../k8s/speaker/view.js";
import { restartSpeaker, stopSpeaker } from "../k8s/speaker/speakers.js";
import { clusterNode, clusterOf } from "../state/cluster-view.js";
import { recordOf, selectLab } from "../state/deployed.js";
import { speakerRuntimeFor } from "../k8s/kind/host.js";
import { hostProcesses } from "../state/processes.js";
import { LabRecord, StateStore } from "../state/state-store.js";
import { printJson } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";

export interface BgpFlags extends FormatOptions {
  readonly lab?: string;
  readonly node?: string;
  readonly afi?: "ipv4" | "ipv6";
}

export async function peers(flags: BgpFlags): Promise<void> {
  const lab = selectLab(new StateStore(), flags.lab);
  clusterOf(lab);
  const collected = await collectPeers(lab, flags.node);
  // Like a pod's RESTARTS and Last State: the speaker host's supervision, once there is any to tell.
  const host = await speakerHostHealth(lab);
  const restarted = host !== undefined && (host.restarts > 0 || host.state !== "running");
  const shown: Collected<PeerRow> & { speakerHost?: HostHealth } = restarted
    ? { ...collected, speakerHost: host }
    : collected;
  print(shown, flags, formatPeers);
  if (restarted && flags.format !== "json")
    process.stdout.write(`\nspeaker host: ${describeHostHealth(host)}\n`);
}

export async function routes(kind: "available" | "advertised", flags: BgpFlags): Promise<void> {
  const lab = selectLab(new StateStore(), flags.lab);
  clusterOf(lab);
  const collected = await collectRoutes(lab, kind, flags.afi, flags.node);
  print(collected, flags, kind === "available" ? formatRoutesAvailable : formatRoutesAdvertised);
}

export async function stop(node: string, flags: BgpFlags): Promise<void> {
  const store = new StateStore();
  const lab = selectLab(store, flags.lab);
  requireClusterNode(lab, node);
  const record = new LabRecord(store, lab);
  const stopped =
    speakerView(lab, node)?.mode === "host"
      ? await stopHostedInstance(record, node, hostSpeakerHost)
      : await stopSpeaker(record, node, hostProcesses);
  if (flags.format === "json") printJson({ lab: lab.lab, node, stopped });
  else
    process.stdout.write(
      stopped ? `stopped the BGP speaker of ${node}\n` : `the BGP speaker of ${node} was not running\n`,
    );
}

export async function start(node: string | undefined, flags: BgpFlags): Promise<void> {
  const store = new StateStore();
  const lab = selectLab(store, flags.lab);
  if (node !== undefined) requireClusterNode(lab, node);
  const record = new LabRecord(store, lab);
  if (findHostRecord(lab) !== undefined) {
    const started = await startHostedInstances(record, hostSpeakerHost, node);
    const which = node === undefined ? "every BGP speaker" : `the BGP speaker of ${node}`;
    if (flags.format === "json") return printJson({ lab: lab.lab, started });
    process.stdout.write(
      started.length > 0
        ? `started the BGP speaker of ${started.join(", ")}\n`
        : `${which} is already running\n`,
    );
    return;
  }
  if (node === undefined)
    throw new FabricError("node-required", `lab ${lab.lab} runs one speaker process per node: name the node`);
  const nodeRecord = recordOf(lab, node);
  const runtime = nodeRecord
    ? await speakerRuntimeFor(nodeRecord, () => openRuntime(lab.runtime))
    : await openRuntime(lab.runtime);
  const started = await restartSpeaker(record, node, runtime, hostProcesses);
  if (flags.format === "json") return printJson({ lab: lab.lab, started: started ? [node] : [] });
  process.stdout.write(
    started ? `started the BGP speaker of ${node}\n` : `the BGP speaker of ${node} is already running\n`,
  );
}

function requireClusterNode(lab: ReturnType<typeof selectLab>, node: string): void {
  if (clusterNode(lab, node)) return;
  throw new FabricError("node-not-found", `lab ${lab.lab} has no Kubernetes node ${node}`, {
    suggestion: `its Kubernetes nodes are ${clusterOf(lab)
      .nodes.map((n) => n.name)
      .join(", ")}`,
  });
}

/** Rows as a table (or JSON); nodes that did not answer go to stderr and make the exit code 1. */
function print<T extends PeerRow | RouteRow>(
  collected: Collected<T>,
  flags: FormatOptions,
  format: (rows: readonly T[]) => string,
): void {
  if (flags.format === "json") {
    printJson(collected);
  } else {
    process.stdout.write(format(collected.rows));
    for (const p of collected.problems) process.stderr.write(`${p.node}: ${p.message}\n`);
  }
  if (collected.problems.length > 0) process.exitCode = 1;
}
