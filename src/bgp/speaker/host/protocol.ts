// The speaker host's control protocol: one JSON object per line each way, over the host's own
// Unix socket (each instance keeps its own control socket for `show bgp …`). Requests are
// checked with valibot at the boundary; a line longer than MAX_LINE is refused, not buffered.
import * as v from "valibot";
import { ERROR_CODES } from "../../../errors.js";

/** Far above any real request (paths and a name); a client that sends more is cut off. */
export const MAX_LINE = 64 * 1024;

const text = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
/** Instance names are node names: Kubernetes' DNS-1123 subdomain alphabet, with room for kind's. */
const name = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, "an instance name"));
const absolute = v.pipe(text, v.startsWith("/", "an absolute path"));

export const InstanceSpecSchema = v.object({
  name,
  /** The speaker config file, in `fabric speaker run --config` format. */
  config: absolute,
  /** The node's network namespace: /run/netns/NAME or /proc/PID/ns/net. */
  netns: absolute,
  /** Where this instance answers `show bgp …` (the node's bgp.sock). */
  control: absolute,
  /** Where this instance logs, one line per event. */
  log: absolute,
});
export type InstanceSpec = v.InferOutput<typeof InstanceSpecSchema>;

export const HostRequestSchema = v.variant("op", [
  v.object({
    op: v.literal("add"),
    instance: InstanceSpecSchema,
    /** Given back by the supervisor after the host crashed: the speaker restarted (RFC 4724). */
    restarted: v.optional(v.boolean()),
  }),
  v.object({ op: v.literal("remove"), name }),
  v.object({ op: v.literal("stop"), name }),
  v.object({ op: v.literal("start"), name }),
  v.object({ op: v.literal("reload"), name }),
  // `fabric node stop|start` of its node: frozen as a stopped process is (host/freezer.ts).
  v.object({ op: v.literal("pause"), name }),
  v.object({ op: v.literal("resume"), name }),
  v.object({ op: v.literal("status") }),
  // Every instance's peers view in one answer: a lab's convergence is one query, not one per node.
  v.object({ op: v.literal("peers") }),
]);
export type HostRequest = v.InferOutput<typeof HostRequestSchema>;

export const InstanceStateSchema = v.picklist(["running", "stopped", "paused"]);

export const InstanceStatusSchema = v.object({
  name: v.string(),
  state: InstanceStateSchema,
  netns: v.string(),
  control: v.string(),
  peers: v.number(),
  established: v.number(),
  /** Why it is stopped, when it stopped on its own (a failed start). */
  error: v.optional(v.string()),
});
export type InstanceStatus = v.InferOutput<typeof InstanceStatusSchema>;

/**
 * perf_hooks.monitorEventLoopDelay since the host started, in milliseconds (waiting for a core
 * included), and busyMax: the most CPU time the main thread used between two 10 ms ticks, which
 * bounds its longest callback (busy-monitor.ts).
 */
export const LoopDelaySchema = v.object({
  p50: v.number(),
  p99: v.number(),
  max: v.number(),
  samples: v.number(),
  busyMax: v.optional(v.number()),
  /** The most time the main thread waited for a core between two ticks, in ms (busy-monitor.ts). */
  waitMax: v.optional(v.number()),
  /** The longest garbage collection pause, in ms (it runs on the main thread, inside busyMax). */
  gcMax: v.optional(v.number()),
});
export type LoopDelay = v.InferOutput<typeof LoopDelaySchema>;

export const HostStatusSchema = v.object({
  pid: v.number(),
  uptimeMs: v.number(),
  rssBytes: v.number(),
  heapUsedBytes: v.number(),
  loopDelayMs: LoopDelaySchema,
  instances: v.array(InstanceStatusSchema),
});
export type HostStatus = v.InferOutput<typeof HostStatusSchema>;

/** One row of an instance's peers view (bgp/status PeerRow), as the host's `peers` op sends it. */
export const PeerRowSchema = v.object({
  node: v.string(),
  localAsn: v.number(),
  peerAsn: v.number(),
  peerAddress: v.string(),
  peerName: v.string(),
  state: v.picklist(["idle", "connect", "active", "opensent", "openconfirm", "established"]),
  uptimeMs: v.optional(v.number()),
  family: v.string(),
  received: v.number(),
  advertised: v.number(),
  // Why a session is not up (a TCP-MD5 mismatch, say): without it here the schema stripped it,
  // and `fabric bgp peers` of a hosted node never showed a reason.
  reason: v.optional(v.string()),
});

export const InstancePeersSchema = v.object({
  name: v.string(),
  state: InstanceStateSchema,
  peers: v.array(PeerRowSchema),
});
export type InstancePeers = v.InferOutput<typeof InstancePeersSchema>;

export const HostResponseSchema = v.union([
  v.object({
    ok: v.literal(true),
    instance: v.optional(InstanceStatusSchema),
    status: v.optional(HostStatusSchema),
    instances: v.optional(v.array(InstancePeersSchema)),
  }),
  // The host answers with fabric's own error codes; anything else is a bad response.
  v.object({ ok: v.literal(false), code: v.picklist(ERROR_CODES), error: v.string() }),
]);
export type HostResponse = v.InferOutput<typeof HostResponseSchema>;

export type ParsedHostRequest = { ok: true; request: HostRequest } | { ok: false; error: string };

export function parseHostRequest(line: string): ParsedHostRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: "not JSON" };
  }
  const parsed = v.safeParse(HostRequestSchema, raw);
  if (parsed.success) return { ok: true, request: parsed.output };
  const issue = parsed.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return { ok: false, error: `bad request${where ? ` at ${where}` : ""}: ${issue?.message ?? "invalid"}` };
}
