// How a node exists, as the lab orchestrator sees it (DESIGN.md §3). The orchestrator never
// learns about namespaces or containers; it holds NodeRecords and calls these methods.
//
// Records are plain JSON. The orchestrator writes `plan(spec)` to the lab state file *before*
// calling `create`, and again from `onProgress` as `create` learns things (the holder's pid), so
// `remove(record)` can undo a node from any point: planned but never started, started but not
// mounted, fully up, or whose holder was killed behind our back.
import type { IptablesRule } from "../host/iptables.js";
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
  /**
   * Every byte the node may write to its own filesystem (netns: its tmpfs); the lab file's
   * `nodeFilesystem.size`, else the default there.
   */
  readonly writableBytes?: number;
  /** The topology's `image`; a container runtime needs it, the netns runtime runs host binaries. */
  readonly image?: string;
  /** containerlab's `cmd` and `entrypoint`, as written (shell words, split by the runtime). */
  readonly cmd?: string;
  readonly entrypoint?: string;
  /** The topology node's labels; container runtimes put them on the container. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The topology's `prefix` (containerlab's container names are `<prefix>-<lab>-<node>`). */
  readonly namePrefix?: string;
  /** Set when the runtime has its own management network: the node joins it at this address. */
  readonly mgmt?: { readonly network: ManagedNetworkRecord; readonly address: string };
}

/** The container behind a node on a container runtime. */
export interface ContainerRef {
  readonly name: string;
  readonly image: string;
  /** Known once created. */
  readonly id?: string;
  /** How the container got its privileges (`privileged`, or the capability fallback). */
  readonly privileges?: string;
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
  /**
   * The host paths shared with the node: the topology's binds, and on netns the node's own state
   * dir (first); nothing else of the host is writable from the node.
   */
  readonly mounts: readonly BindSpec[];
  /** The node's writable space, where the runtime limits it (netns). */
  readonly writableBytes?: number;
  readonly sharesNetworkWith?: { readonly name: string; readonly netnsName: string };
  /** Pid 1 of the node as the host sees it; absent until create has started it. */
  readonly holder?: ProcessRef;
  /** Container runtimes: the container, so remove finds it by name even before its id is known. */
  readonly container?: ContainerRef;
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

/**
 * A runtime's own management network (docker: a bridge network per lab). A runtime without one
 * gets the host bridge of links/mgmt.ts, attached to each node after creation; with one, nodes
 * join it when created (NodeSpec.mgmt). It is host-only, like the host bridge (DESIGN.md §6).
 */
export interface ManagedNetworkRecord {
  readonly runtime: string;
  readonly lab: string;
  /** The runtime's name for it (a Docker network name). */
  readonly name: string;
  readonly subnet: string;
  /** `a.b.c.d/len` the host holds on the bridge: the subnet's first address. */
  readonly gateway: string;
  /** The host bridge behind it, named as the netns runtime names its own. */
  readonly bridge: string;
  /** The FORWARD rule that keeps node traffic on the host when the host forwards IPv4. */
  readonly forwardDrop: IptablesRule;
}

export interface ManagementNetworking {
  /** The record deploy writes to the lab state before `create`. Pure. */
  plan(lab: string, subnet: string): ManagedNetworkRecord;
  create(net: ManagedNetworkRecord): Promise<void>;
  /** Idempotent; from the record alone. */
  remove(net: ManagedNetworkRecord): Promise<void>;
}

/** What a runtime may tell the user while it prepares (structurally a subset of lab Progress). */
export interface RuntimeNotes {
  note(message: string): void;
  node(node: string, message: string): void;
}

export interface Runtime {
  readonly name: string;
  /**
   * Optional: make sure the lab can be created (images present or pulled, privileges decided)
   * *before* deploy records or creates anything; throws naming every node that cannot be.
   * A runtime that prepares says itself what it does; one without (netns) pulls nothing.
   */
  prepare?(specs: readonly NodeSpec[], notes: RuntimeNotes): Promise<void>;
  /** Optional: the runtime's own management network (see ManagementNetworking). */
  readonly managementNetwork?: ManagementNetworking;
  /**
   * Optional: remove whatever the runtime can still find of a lab by itself (docker: by labels),
   * for a lab whose record is gone or missed something; returns a line per thing removed.
   */
  removeLeftovers?(lab: string): Promise<string[]>;
  /** Optional: labs the runtime holds something of, recorded or not. */
  leftoverLabs?(): Promise<string[]>;
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
  /**
   * Optional: freeze or thaw every process of a node at once (docker's pause, the cgroup
   * freezer). Without it, `fabric node stop` freezes a node by signalling its processes (netns).
   */
  setFrozen?(node: NodeRecord, frozen: boolean): Promise<void>;
}
