// How a node exists, as the lab orchestrator sees it (DESIGN.md §3). The orchestrator never
// learns about namespaces or containers; it holds NodeRecords and calls these methods.
//
// Records are plain JSON. The orchestrator writes `plan(spec)` to the lab state file *before*
// calling `create`, and again from `onProgress` as `create` learns things (the holder's pid), so
// `remove(record)` can undo a node from any point: planned but never started, started but not
// mounted, fully up, or whose holder was killed behind our back.
import type { ProcessRef } from "../host/proc.js";

export interface BindSpec {
  /** Absolute path on the host. */
  readonly source: string;
  /** Absolute path inside the node. */
  readonly target: string;
  readonly readOnly: boolean;
}

/**
 * A directory the node sees as its own. It takes the owner and mode of the host's directory at
 * the same path (so /var/run/frr is frr:frr as the frr package made it); with `copyContents` it
 * also starts as a copy of that directory (so each node edits its own /etc/frr/daemons).
 */
export interface PrivateDir {
  readonly target: string;
  readonly copyContents: boolean;
}

export interface NodeSpec {
  readonly lab: string;
  readonly name: string;
  /** Defaults to `name`, as containerlab does. */
  readonly hostname?: string;
  /** `network-mode: container:X`: use X's network namespace; mounts, pids, hostname stay own. */
  readonly sharesNetworkWith?: NodeRecord;
  readonly env: Readonly<Record<string, string>>;
  readonly binds: readonly BindSpec[];
  readonly privateDirs: readonly PrivateDir[];
}

export interface NodeRecord {
  readonly runtime: string;
  readonly lab: string;
  readonly name: string;
  readonly hostname: string;
  /** Name under /run/netns, so `ip netns exec <netnsName> …` works for users. */
  readonly netnsName: string;
  readonly stateDir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Every mount inside the node, in the order made: private dirs first, then binds. */
  readonly mounts: readonly BindSpec[];
  readonly sharesNetworkWith?: { readonly name: string; readonly netnsName: string };
  /** Pid 1 of the node as the host sees it; absent until create has started it. */
  readonly holder?: ProcessRef;
}

export interface ExecOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Host path that receives stdout and stderr; defaults to a file in the node's state dir. */
  readonly logFile?: string;
  /**
   * Run one of fabric's own programs (the BGP speaker) from the host's filesystem: in the node's
   * network, uts, ipc and pid namespaces — so it is on the node's network and dies with the node —
   * but not its mount namespace, where private dirs such as /tmp can hide fabric's install.
   */
  readonly hostFilesystem?: boolean;
}

/** A long-running process inside a node; it dies with the node whatever happens to fabric. */
export interface SpawnedProcess {
  /** The host-side process that waits for it; JSON-serialisable for the lab state file. */
  readonly ref: ProcessRef;
  readonly logFile: string;
  /** Resolves when it exits (while this fabric process is alive to see it). */
  readonly exited: Promise<{ readonly exitCode: number | null; readonly signal: string | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface CreateOptions {
  /** Called with each more complete record, so the caller can persist it before going on. */
  readonly onProgress?: (record: NodeRecord) => Promise<void> | void;
}

export interface Runtime {
  readonly name: string;
  /** The record `create` will produce, minus what only running it can tell. Pure. */
  plan(spec: NodeSpec): NodeRecord;
  /** Creates and starts the node (a netns node has nothing to start separately). */
  create(spec: NodeSpec, opts?: CreateOptions): Promise<NodeRecord>;
  exec(node: NodeRecord, argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  spawn(node: NodeRecord, argv: readonly string[], opts?: SpawnOptions): Promise<SpawnedProcess>;
  /** A file naming the node's network namespace: for `ip link … netns` and `nsenter --net=`. */
  netnsPath(node: NodeRecord): string;
  /** Idempotent; needs nothing but the record, even after a crash or a half-done create. */
  remove(node: NodeRecord): Promise<void>;
}
