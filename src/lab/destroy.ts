// fabric destroy: undo everything a lab's state record lists, stage by stage (removal-order.ts),
// from the record alone. Idempotent, and it keeps going past a resource that fails to go away so one stuck
// piece does not leave the rest behind; whatever could not be removed stays in the record.
import { FabricError } from "../errors.js";
import type { Runtime } from "../runtime/types.js";
import { hostKind } from "../k8s/kind/host.js";
import type { KindRemoval } from "../state/resources.js";
import type { Progress } from "../state/progress.js";
import { hostProcesses, type ProcessControl } from "../state/processes.js";
import { asLabResource, removeResource, type LabResource } from "../state/resources.js";
import { LabRecord, type StateStore } from "../state/state-store.js";
import { hostWiring, type Wiring } from "../state/wiring.js";
import { hostSpeakerHost, type SpeakerHostControl } from "../k8s/speaker/host-process.js";
import { speakerRemoval } from "../k8s/speaker/host.js";
import { thawNodes } from "../faults/freeze.js";
import type { ProcessRef } from "../host/proc.js";
import { defaultProcessLimit, mapLimited } from "../util/limit.js";
import { removalStages, stageLabel } from "./removal-order.js";
import { destroyShortcuts, hostEndsGone } from "./destroy-shortcuts.js";

/** How long the kernel gets to remove a deleted namespace's veth ends from the host. */
const HOST_END_WAIT_MS = 10_000;

export interface DestroyOptions {
  readonly runtime: Runtime;
  readonly store: StateStore;
  readonly progress: Progress;
  readonly wiring?: Wiring;
  /** Stops recorded processes; replaced in unit tests. */
  readonly processes?: ProcessControl;
  /** Removes a kind cluster and the names pinned to its nodes; replaced in unit tests. */
  readonly kind?: KindRemoval;
  /** Stops the lab's speaker host and its instances; replaced in unit tests. */
  readonly speakerHost?: SpeakerHostControl;
  /** Resumes the stopped processes of the nodes of these holders (netns runtime); replaced in unit tests. */
  readonly thaw?: (holders: readonly ProcessRef[]) => Promise<void>;
}

/** Returns false when there was no such lab (which is not an error: destroy is idempotent). */
export async function destroyLab(name: string, opts: DestroyOptions): Promise<boolean> {
  const state = opts.store.read(name);
  if (!state) return false;
  if (state.runtime !== opts.runtime.name) {
    throw new FabricError(
      "runtime-mismatch",
      `lab ${name} runs on the ${state.runtime} runtime, not ${opts.runtime.name}`,
    );
  }
  const record = new LabRecord(opts.store, state);
  record.setPhase("destroying");
  const failures: string[] = [];
  const causes: unknown[] = [];
  const deps = {
    runtime: opts.runtime,
    wiring: opts.wiring ?? hostWiring,
    processes: opts.processes ?? hostProcesses,
    kind: opts.kind ?? hostKind,
    speakers: speakerRemoval(opts.speakerHost ?? hostSpeakerHost),
  };
  // A node frozen with `fabric node stop` (or stopped by hand) first gets SIGCONT: its speaker
  // must act on SIGTERM, and a stopped nsenter left on the host would never reap what SIGKILL
  // ends inside the node, so the node's pid 1 could not finish dying (freeze.ts).
  const thaw = opts.thaw ?? (opts.runtime.name === "netns" ? thawNodes : undefined);
  if (thaw) {
    const holders: ProcessRef[] = [];
    for (const entry of state.resources) {
      const resource = asLabResource(entry);
      if (resource?.type === "node" && resource.record.holder) holders.push(resource.record.holder);
    }
    await thaw(holders);
  }
  // Stage by stage (removal-order.ts), each stage's resources concurrently; the child processes
  // they run are bounded process-wide (host/command.ts), this bounds the removals in flight.
  const known: { entry: (typeof state.resources)[number]; resource: LabResource }[] = [];
  for (const entry of state.resources) {
    const resource = asLabResource(entry);
    if (resource) known.push({ entry, resource });
    else failures.push(`${entry.id}: unknown resource type ${entry.type} (written by a newer fabric?)`);
  }
  const { staged, withHost, withNodes } = destroyShortcuts(known, opts.runtime.name);
  let nodesRemoved = false;
  // After the node stage: links that went with the namespaces are forgotten; a host end the
  // kernel has not removed within the wait (a namespace kept alive by a stray process, say) is
  // removed as the stage would have.
  const forgetWithNodes = async (): Promise<void> => {
    if (failures.length > 0) return; // a node still there may hold its links: they stay recorded
    const started = performance.now();
    const left = await hostEndsGone(withNodes, HOST_END_WAIT_MS);
    for (const k of withNodes) {
      try {
        if (left.has(k)) await removeResource(k.resource, deps);
        record.forget(k.entry.id);
      } catch (err) {
        failures.push(`${k.entry.id}: ${(err as Error).message}`);
        causes.push(err);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    opts.progress.phase(
      `${stageLabel(withNodes.map((k) => k.resource))} went with the namespaces (${left.size} removed after waiting ${seconds} s)`,
    );
  };
  for (const stage of removalStages(staged)) {
    const started = performance.now();
    await mapLimited(stage, defaultProcessLimit(), async ({ entry, resource }) => {
      try {
        // Per resource, not a phase line each: a 1,024-node lab has thousands of them.
        opts.progress.node(entry.id, "removing");
        await removeResource(resource, deps);
        record.forget(entry.id);
        if (resource.type === "speaker-host") for (const i of withHost) record.forget(i.entry.id);
        opts.progress.nodeDone(entry.id, "removed");
      } catch (err) {
        failures.push(`${entry.id}: ${(err as Error).message}`);
        causes.push(err);
      }
    });
    // One line per stage: where a slow destroy spends its time, readable at any lab size.
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    opts.progress.phase(`removed ${stageLabel(stage.map((s) => s.resource))} in ${seconds} s`);
    if (!nodesRemoved && stage.some((s) => s.resource.type === "node")) {
      nodesRemoved = true;
      await forgetWithNodes();
    }
  }
  // What the record could not name (a deploy killed between creating and recording, say) but
  // the runtime can find by itself.
  if (failures.length === 0 && opts.runtime.removeLeftovers) {
    for (const line of await opts.runtime.removeLeftovers(name))
      opts.progress.phase(`removed unrecorded ${line}`);
  }
  if (failures.length > 0) {
    throw new FabricError(
      "destroy-incomplete",
      `lab ${name} was not fully removed:\n  ${failures.join("\n  ")}`,
      {
        suggestion: `run \`fabric destroy ${name}\` again; what is listed above is still recorded`,
        // Each failure's own error, whose causes the listing above does not show.
        cause: new AggregateError(causes),
      },
    );
  }
  opts.store.remove(name);
  return true;
}

/**
 * A lab without a state record (deleted, or /run cleared while dockerd kept its containers):
 * whatever the runtime finds of it by itself. Returns a line per thing removed; none when the
 * runtime cannot look (netns keeps nothing outside the record).
 */
export async function destroyUnrecorded(name: string, runtime: Runtime): Promise<string[]> {
  return (await runtime.removeLeftovers?.(name)) ?? [];
}
