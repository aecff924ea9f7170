// Endpoints follow readiness on a running lab, as the EndpointSlice controller and kube-proxy (or
// Cilium) keep them: read which pods are ready, write every node's Service table again, and give
// each node whose advertisements externalTrafficPolicy Local governs the configuration it must run
// now, reloaded in the speaker host (routes withdrawn or announced without resetting sessions).
// Run after anything that changes a pod's readiness (`fabric pod stop|start`, `fabric svc sync`).
import { readFileSync } from "node:fs";
import type { Runtime } from "../../runtime/types.js";
import { podState } from "../../state/cluster-view.js";
import { DeployedLab } from "../../state/deployed-lab.js";
import type { DeployedCluster } from "../../state/lab-info.js";
import type { ProcessControl } from "../../state/processes.js";
import type { LabRecord } from "../../state/state-store.js";
import { FabricError } from "../../errors.js";
import type { SpeakerHostControl } from "../speaker/host-process.js";
import { hostedInstances } from "../speaker/host.js";
import { speakerConfigText } from "../speaker/sidecar.js";
import { selectsPod } from "./endpoints.js";
import { planServices, type ServiceEndpointsView } from "./plan.js";
import { programNodes } from "./program.js";

export interface SyncResult {
  readonly endpoints: readonly ServiceEndpointsView[];
  /** Nodes whose speaker was given a new configuration. */
  readonly reloaded: readonly string[];
  /** Nodes whose configuration changed but whose speaker could not be told (see the note). */
  readonly notReloaded: readonly string[];
}

export interface SyncContext {
  readonly record: LabRecord;
  readonly runtime: Runtime;
  readonly processes: ProcessControl;
  readonly host: SpeakerHostControl;
}

export async function syncServices(ctx: SyncContext): Promise<SyncResult> {
  const lab = new DeployedLab(ctx.record.state);
  const cluster: DeployedCluster = lab.cluster();
  const services = cluster.services ?? [];
  // Only the pods some Service selects: their readiness is what changes the tables.
  const candidates = cluster.pods.filter((p) => services.some((s) => selectsPod(s, p)));
  const states = await Promise.all(
    candidates.map(async (p) => ({
      name: p.name,
      ready: (await podState(lab, p, ctx.runtime, ctx.processes)).ready,
    })),
  );
  const plan = planServices(cluster, new Set(states.filter((s) => s.ready).map((s) => s.name)));
  const records = new Map(
    cluster.nodes.flatMap((n) => {
      const r = lab.nodeRecord(n.name);
      return r ? [[n.name, r] as const] : [];
    }),
  );
  await programNodes(ctx.runtime, records, plan.rulesets);

  const reloaded: string[] = [];
  const notReloaded: string[] = [];
  const instances = hostedInstances(ctx.record.state);
  for (const [node, config] of plan.speakers) {
    const text = speakerConfigText(config);
    const instance = instances.find((i) => i.node.name === node);
    if (!instance) {
      // One sidecar process per node (--speaker-mode process): its launcher passes on only
      // SIGTERM and SIGCONT, so it cannot be told to reload; nothing is changed under it.
      notReloaded.push(node);
      continue;
    }
    if (readText(instance.spec.config) === text) continue;
    ctx.host.writeConfig(instance.spec.config, text);
    if (instance.running) {
      const r = await ctx.host.ask(instance.hostSocket, { op: "reload", name: instance.spec.name });
      if (!r.ok)
        throw new FabricError("speaker-failed", `node ${node}: the speaker host refused reload: ${r.error}`);
    }
    reloaded.push(node);
  }
  return { endpoints: plan.endpoints, reloaded, notReloaded };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
