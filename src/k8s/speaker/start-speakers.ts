// The Kubernetes nodes' BGP speakers, started last: once the routers' FRR has left Idle for its
// neighbors (it listens), so a speaker's first connect succeeds instead of waiting out Cilium's
// 120 s ConnectRetry.
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import { startHostedSpeakers } from "./host.js";
import type { SpeakerHostControl } from "./host-process.js";
import type { SpeakerMode } from "./modes.js";
import type { SpeakerRuntime } from "./sidecar.js";
import { startSpeakers } from "./speakers.js";
import type { NodeRecord, Runtime } from "../../runtime/types.js";
import type { Lab } from "../../model/model.js";
import { nodeRole } from "../../model/roles.js";
import { waitForFrrNeighbors } from "../../nodes/frr-ready.js";
import type { Progress } from "../../state/progress.js";
import type { LabRecord } from "../../state/state-store.js";

/** How long speakers wait for FRR's neighbors to leave Idle; past it they start anyway. */
const FRR_READY_TIMEOUT_MS = 10_000;

export interface SpeakersContext {
  readonly lab: Lab;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly progress: Progress;
  /** False with --no-speakers. */
  readonly enabled: boolean;
  /** Where the speakers run, when not on the runtime (kind nodes: kind-host.ts). */
  readonly speakerRuntime?: SpeakerRuntime;
  /** One speaker host for the lab (default), or a `fabric speaker run` process per node. */
  readonly speakerMode: SpeakerMode;
  readonly speakerHost: SpeakerHostControl;
}

export { SPEAKER_MODES, type SpeakerMode } from "./modes.js";

export async function startLabSpeakers(
  ctx: SpeakersContext,
  created: ReadonlyMap<string, NodeRecord>,
  /** The Kubernetes nodes the speakers run in. */
  clusterNodes: ReadonlyMap<string, NodeRecord>,
  speakers: ReadonlyMap<string, SpeakerConfig>,
): Promise<void> {
  if (speakers.size === 0) return;
  if (!ctx.enabled) {
    ctx.progress.note(`${speakers.size} BGP speakers not started (--no-speakers)`);
    return;
  }
  const routers = ctx.lab.topology.nodes
    .filter((n) => nodeRole(n) === "router")
    .flatMap((n) => created.get(n.name) ?? []);
  ctx.progress.phase("waiting for the routers' BGP neighbors to leave Idle");
  const idle = await waitForFrrNeighbors(ctx.runtime, routers, FRR_READY_TIMEOUT_MS);
  if (idle.length > 0)
    ctx.progress.note(`still Idle after ${FRR_READY_TIMEOUT_MS / 1000} s: ${idle.join(", ")}`);
  const where = ctx.speakerRuntime ?? ctx.runtime;
  if (ctx.speakerMode === "process") {
    ctx.progress.phase(`BGP speakers (${speakers.size}, one process each)`);
    await startSpeakers(where, ctx.record, ctx.progress, clusterNodes, speakers);
    return;
  }
  ctx.progress.phase(`BGP speakers (${speakers.size}, in one speaker host)`);
  await startHostedSpeakers(
    { record: ctx.record, progress: ctx.progress, host: ctx.speakerHost, netnsOf: (n) => where.netnsPath(n) },
    clusterNodes,
    speakers,
  );
}
