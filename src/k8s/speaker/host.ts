// The lab's BGP speakers as instances of one speaker host process (the default; one Node.js
// process per node, ≈ 84 MB each, is what capped labs at 48 nodes). The host is recorded as
// `speaker-host` before it starts, and each node's instance as `speaker:<node>` before it is
// added, so destroy removes the instances (Cease to their peers) and then stops the host.
// Each instance keeps the sidecar's files: the node's speaker.json, bgp.sock and speaker.log.
import path from "node:path";
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import type { InstanceSpec } from "../../bgp/speaker/host/protocol.js";
import { FabricError } from "../../errors.js";
import { limiter } from "../../util/limit.js";
import { settleAll } from "../../util/settle.js";
import type { Progress } from "../../state/progress.js";
import {
  asLabResource,
  speakerResourceId,
  type SpeakerHostRecord,
  type SpeakerInstanceRecord,
  type SpeakerRemoval,
} from "../../state/resources.js";
import type { LabRecord, LabState } from "../../state/state-store.js";
import type { NodeRecord } from "../../runtime/types.js";
import { speakerHostArgv, speakerHostFiles, type SpeakerHostControl } from "./host-process.js";
import { speakerConfigText, speakerFiles } from "./sidecar.js";
import { BACKOFF } from "./supervisor/backoff.js";

export const SPEAKER_HOST_ID = "speaker-host";

/** Where a node's namespace is, for the host to setns into. */
export type NetnsOf = (node: NodeRecord) => string;

export interface HostedSpeakersContext {
  readonly record: LabRecord;
  readonly progress: Progress;
  readonly host: SpeakerHostControl;
  readonly netnsOf: NetnsOf;
}

export function instanceSpec(node: NodeRecord, netns: string): InstanceSpec {
  const files = speakerFiles(node);
  return { name: node.name, config: files.config, netns, control: files.control, log: files.log };
}

/** Deploy: one host for the lab, then every node's instance, a few requests at a time. */
export async function startHostedSpeakers(
  ctx: HostedSpeakersContext,
  nodes: ReadonlyMap<string, NodeRecord>,
  speakers: ReadonlyMap<string, SpeakerConfig>,
): Promise<void> {
  const files = speakerHostFiles(ctx.record.dir);
  const planned: SpeakerHostRecord = { files, argv: speakerHostArgv(files) };
  ctx.record.add({ type: "speaker-host", id: SPEAKER_HOST_ID, record: planned });
  const ref = await ctx.host.launch(files);
  ctx.record.update(SPEAKER_HOST_ID, { ...planned, ref, startedAt: new Date().toISOString() });
  let started = 0;
  // A few requests in flight: one at a time, each add waited a turn of a host loop busy with
  // thousands of sessions (4 a second at 3,000 instances). The host handles each add whole
  // (its setns and socket calls are synchronous), so they do not interleave.
  const slot = limiter(ADDS_IN_FLIGHT);
  const add = async (name: string, config: SpeakerConfig, node: NodeRecord): Promise<void> => {
    const spec = instanceSpec(node, ctx.netnsOf(node));
    ctx.host.writeConfig(spec.config, speakerConfigText(config));
    const id = speakerResourceId(name);
    const planned: SpeakerInstanceRecord = { node, spec, hostSocket: files.socket, running: false };
    ctx.record.add({ type: "speaker-instance", id, record: planned });
    await mustAsk(ctx.host, files.socket, { op: "add", instance: spec }, name);
    ctx.record.update(id, { ...planned, running: true } satisfies SpeakerInstanceRecord);
    started++;
    if (started % 64 === 0 || started === speakers.size)
      ctx.progress.note(`BGP speakers: ${started}/${speakers.size} running`);
  };
  await settleAll(
    [...speakers].flatMap(([name, config]) => {
      const node = nodes.get(name);
      return node ? [slot(() => add(name, config, node))] : [];
    }),
  );
}

const ADDS_IN_FLIGHT = 8;

/** `fabric bgp stop NODE`: that instance sends its Cease and closes its sockets; the others run on. */
export async function stopHostedInstance(
  record: LabRecord,
  node: string,
  host: SpeakerHostControl,
): Promise<boolean> {
  const current = instanceRecordOf(record.state, node);
  const hostRecord = hostRecordOf(record.state);
  if (!current.running) return false;
  if (hostRecord.ref && (await host.isRunning(hostRecord.ref)))
    await mustAsk(host, hostRecord.files.socket, { op: "stop", name: node }, node);
  record.update(speakerResourceId(node), { ...current, running: false } satisfies SpeakerInstanceRecord);
  return true;
}

/**
 * `fabric node stop NODE`: the instance freezes inside the host (no timers, reads or writes), so
 * its peers see what a hung node shows them: silence until their hold timers expire. Returns
 * whether an instance was paused (false: none running, or no host alive to hold one).
 */
export async function pauseHostedInstance(
  record: LabRecord,
  node: string,
  host: SpeakerHostControl,
): Promise<boolean> {
  return freezeOp(record, node, host, "pause");
}

/** `fabric node start NODE`: the paused instance carries on; a no-op for one that is not paused. */
export async function resumeHostedInstance(
  record: LabRecord,
  node: string,
  host: SpeakerHostControl,
): Promise<boolean> {
  return freezeOp(record, node, host, "resume");
}

async function freezeOp(
  record: LabRecord,
  node: string,
  host: SpeakerHostControl,
  op: "pause" | "resume",
): Promise<boolean> {
  const current = instanceRecordOf(record.state, node);
  const hostRecord = hostRecordOf(record.state);
  if (!current.running || !hostRecord.ref || !(await host.isRunning(hostRecord.ref))) return false;
  const r = await mustAsk(host, hostRecord.files.socket, { op, name: node }, node);
  return r.instance?.state === (op === "pause" ? "paused" : "running");
}

/**
 * `fabric bgp start [NODE]`: starts the host again if it died (bringing back every instance that
 * was running), then starts NODE's instance, or every instance without a node. Returns the nodes
 * whose speaker was started.
 */
export async function startHostedInstances(
  record: LabRecord,
  host: SpeakerHostControl,
  only?: string,
): Promise<string[]> {
  const instances = hostedInstances(record.state);
  const targets = only === undefined ? instances : [instanceRecordOf(record.state, only)];
  const started: string[] = [];
  let hostRecord = hostRecordOf(record.state);
  const alive = hostRecord.ref !== undefined && (await host.isRunning(hostRecord.ref));
  if (!alive) {
    const ref = await host.launch(hostRecord.files);
    hostRecord = { ...hostRecord, ref, startedAt: new Date().toISOString() };
    record.update(SPEAKER_HOST_ID, hostRecord);
    // Everything that ran when the host died comes back, not only what was asked for.
    for (const i of instances.filter((x) => x.running)) {
      await mustAsk(host, hostRecord.files.socket, { op: "add", instance: i.spec }, i.node.name);
      started.push(i.node.name);
    }
  }
  // What the host runs now (one status request, not one per instance).
  const runningNow = new Set<string>(started);
  if (alive) {
    // The supervisor lives, but its host may be between a crash and its restart: wait for it.
    await untilAnswering(host, hostRecord.files.socket);
    const status = await mustAsk(host, hostRecord.files.socket, { op: "status" }, only ?? "(all)");
    for (const s of status.status?.instances ?? []) if (s.state === "running") runningNow.add(s.name);
  }
  for (const i of targets) {
    if (runningNow.has(i.node.name)) continue;
    await mustAsk(host, hostRecord.files.socket, { op: "add", instance: i.spec }, i.node.name);
    record.update(speakerResourceId(i.node.name), { ...i, running: true } satisfies SpeakerInstanceRecord);
    started.push(i.node.name);
  }
  return started;
}

/** The longest restart backoff plus a host's time to answer. */
const RESTART_WAIT_MS = BACKOFF.maxMs + 15_000;

async function untilAnswering(host: SpeakerHostControl, socket: string): Promise<void> {
  const deadline = Date.now() + RESTART_WAIT_MS;
  for (;;) {
    const answer = await host.ask(socket, { op: "status" }).catch((err: unknown) => err);
    if (!(answer instanceof Error) || Date.now() > deadline) return; // mustAsk reports the failure
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Destroy: the instance leaves first (Cease to its peers while its links exist). */
export async function removeHostedInstance(
  instance: SpeakerInstanceRecord,
  host: SpeakerHostControl,
): Promise<void> {
  let r;
  try {
    r = await host.ask(instance.hostSocket, { op: "remove", name: instance.spec.name });
  } catch (err) {
    // No host: nothing runs this instance any more.
    if (err instanceof FabricError && err.code === "speaker-host-unreachable") return;
    throw err;
  }
  if (!r.ok && r.code !== "no-instance") throw new FabricError(r.code, r.error);
}

export function hostedInstances(state: LabState): SpeakerInstanceRecord[] {
  return state.resources.flatMap((entry) => {
    const r = asLabResource(entry);
    return r?.type === "speaker-instance" ? [r.record] : [];
  });
}

export function findHostRecord(state: LabState): SpeakerHostRecord | undefined {
  const entry = state.resources.find((r) => r.id === SPEAKER_HOST_ID);
  const resource = entry && asLabResource(entry);
  return resource?.type === "speaker-host" ? resource.record : undefined;
}

function hostRecordOf(state: LabState): SpeakerHostRecord {
  const found = findHostRecord(state);
  if (!found) {
    throw new FabricError("no-speaker-host", `lab ${state.lab} has no speaker host recorded`, {
      suggestion: "it was deployed with --no-speakers or --speaker-mode process",
    });
  }
  return found;
}

function instanceRecordOf(state: LabState, node: string): SpeakerInstanceRecord {
  const entry = state.resources.find((r) => r.id === speakerResourceId(node));
  const resource = entry && asLabResource(entry);
  if (resource?.type !== "speaker-instance") {
    throw new FabricError("no-speaker", `node ${node} of lab ${state.lab} has no BGP speaker`, {
      suggestion: "only Kubernetes nodes selected by a CiliumBGPClusterConfig run one",
    });
  }
  return resource.record;
}

async function mustAsk(
  host: SpeakerHostControl,
  socket: string,
  request: Parameters<SpeakerHostControl["ask"]>[1],
  node: string,
): Promise<Extract<Awaited<ReturnType<SpeakerHostControl["ask"]>>, { ok: true }>> {
  const r = await host.ask(socket, request);
  if (!r.ok) {
    throw new FabricError(
      "speaker-failed",
      `node ${node}: the BGP speaker host refused ${request.op}: ${r.error}`,
      {
        suggestion: `see the node's speaker.log and ${path.join(path.dirname(socket), "logs", "speaker-host.log")}`,
      },
    );
  }
  return r;
}

/** Destroy's view of the speaker host: remove an instance, stop the host, from the record alone. */
export function speakerRemoval(host: SpeakerHostControl): SpeakerRemoval {
  return {
    removeInstance: (instance) => removeHostedInstance(instance, host),
    stopHost: (ref) => host.stop(ref),
  };
}
