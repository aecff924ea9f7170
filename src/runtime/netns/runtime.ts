// The embedded runtime: a node is a holder process in its own net, mount, uts, ipc and pid
// namespaces on this host (DESIGN.md §3). Images are not pulled: a node runs the host's own
// binaries (its FRR, its iproute2) on a copy-on-write view of the host's files, writing only into
// a tmpfs of its own (host/unshare.ts).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { FabricError } from "../../errors.js";
import { attempt } from "../../host/command.js";
import { netnsAttachArgs } from "../../host/ip.js";
import { hostIp } from "../../host/ip-batch.js";
import { nsenterArgv, type Namespace } from "../../host/nsenter.js";
import { backstopMs, deadlineArgv, nodeTimeoutError, TIMED_OUT_STATUS } from "../deadline.js";
import { isRunning } from "../../host/proc.js";
import { DEFAULT_NODE_WRITABLE_BYTES } from "../../model/lab-file/node-filesystem.js";
import type {
  BindSpec,
  CreateOptions,
  ExecOptions,
  ExecResult,
  NodeRecord,
  NodeSpec,
  Runtime,
  SpawnOptions,
  SpawnedProcess,
} from "../types.js";
import { emptyDirs, mountSteps, resolveBinds } from "./dirs.js";
import { mountTemplate } from "./mount-template.js";
import { startHolder } from "./holder.js";
import { readCarriedMounts, type CarriedMount } from "./host-mounts.js";
import { checkName, holderId, netnsName, netnsPathOf, nodeStage, nodeStateDir } from "./names.js";
import { removeNode } from "./remove.js";
import { spawnInNode } from "./spawn.js";

export const NETNS_RUNTIME = "netns";

/** What `exec` enters: all of the node's namespaces, the shared network one included. */
export const NODE_NAMESPACES: readonly Namespace[] = ["net", "mount", "uts", "ipc", "pid"];

/** A node's environment: a fixed base (never this fabric process's own), then the node's env. */
export function nodeEnv(
  node: NodeRecord,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: "/root",
    HOSTNAME: node.hostname,
    ...node.env,
    ...extra,
  };
}

/**
 * The one host path every node shares, besides the topology's binds: its own state dir, where
 * fabric puts what both sides use by path (a speaker's config, which deploy writes from inside
 * the node, and its control socket, which the host's `fabric bgp` connects to). It is the lab's,
 * and removed with the node.
 */
function stateDirBind(stateDir: string): BindSpec {
  return { source: stateDir, target: stateDir, readOnly: false };
}

export class NetnsRuntime implements Runtime {
  readonly name = NETNS_RUNTIME;
  /** The host's filesystems every node carries: read once, shared by every node this process makes. */
  private carried: Promise<CarriedMount[]> | undefined;

  plan(spec: NodeSpec): NodeRecord {
    checkName("lab", spec.lab);
    checkName("node", spec.name);
    const stateDir = nodeStateDir(spec.lab, spec.name);
    const shared = spec.sharesNetworkWith;
    return {
      runtime: NETNS_RUNTIME,
      lab: spec.lab,
      name: spec.name,
      hostname: spec.hostname ?? spec.name,
      netnsName: netnsName(spec.lab, spec.name),
      stateDir,
      env: { ...spec.env },
      mounts: [stateDirBind(stateDir), ...spec.binds],
      writableBytes: spec.writableBytes ?? DEFAULT_NODE_WRITABLE_BYTES,
      ...(shared && { sharesNetworkWith: { name: shared.name, netnsName: shared.netnsName } }),
    };
  }

  async create(spec: NodeSpec, opts: CreateOptions = {}): Promise<NodeRecord> {
    const planned = this.plan(spec);
    if (spec.sharesNetworkWith) await this.requireRunning(spec.sharesNetworkWith);
    const stage = nodeStage(planned.stateDir);
    await mkdir(path.join(planned.stateDir, "logs"), { recursive: true });
    await mkdir(stage, { recursive: true });
    this.carried ??= readCarriedMounts();
    const [carried, empty, binds] = await Promise.all([
      this.carried,
      emptyDirs(spec.privateDirs),
      resolveBinds(planned.mounts),
    ]);

    // One process does the rest inside the node: its filesystem, hostname, lo, its own /sys
    // (sysfs shows the network namespace of whoever mounted it), the private dirs and the binds.
    const template = await mountTemplate();
    const holder = await startHolder({
      id: holderId(spec.lab, spec.name),
      ...(template && { mountTemplatePid: template.pid }),
      hostname: planned.hostname,
      stateDir: planned.stateDir,
      ...(planned.sharesNetworkWith && { joinNetns: netnsPathOf(planned.sharesNetworkWith.netnsName) }),
      stage,
      sizeBytes: planned.writableBytes ?? DEFAULT_NODE_WRITABLE_BYTES,
      mounts: mountSteps(carried, empty, binds),
    });
    const record: NodeRecord = { ...planned, holder };
    await opts.onProgress?.(record);
    // Nodes created together share one `ip -batch` for this (see IpBatcher).
    await hostIp.run(netnsAttachArgs(record.netnsName, holder.pid));
    return record;
  }

  async exec(node: NodeRecord, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const holder = await this.requireRunning(node);
    const timeoutMs = opts.timeoutMs;
    // The deadline is kept inside the node (runtime/deadline.ts explains why).
    const inNode = timeoutMs === undefined ? argv : deadlineArgv(argv, timeoutMs);
    const r = await attempt(
      "nsenter",
      nsenterArgv({ pid: holder.pid, namespaces: NODE_NAMESPACES }, inNode),
      {
        env: nodeEnv(node, opts.env),
        cleanEnv: true,
        ...(opts.input !== undefined && { input: opts.input }),
        ...(timeoutMs !== undefined && { timeoutMs: backstopMs(timeoutMs) }),
      },
    );
    if (timeoutMs !== undefined && r.exitCode === TIMED_OUT_STATUS)
      throw nodeTimeoutError(node.name, argv, timeoutMs);
    return r;
  }

  async spawn(node: NodeRecord, argv: readonly string[], opts: SpawnOptions = {}): Promise<SpawnedProcess> {
    const holder = await this.requireRunning(node);
    const logFile =
      opts.logFile ??
      path.join(node.stateDir, "logs", `${path.basename(argv[0] ?? "cmd")}-${Date.now()}.log`);
    const namespaces = opts.hostFilesystem ? NODE_NAMESPACES.filter((n) => n !== "mount") : NODE_NAMESPACES;
    return spawnInNode({ pid: holder.pid, namespaces }, argv, nodeEnv(node, opts.env), logFile);
  }

  netnsPath(node: NodeRecord): string {
    return netnsPathOf(node.netnsName);
  }

  remove(node: NodeRecord): Promise<void> {
    return removeNode(node);
  }

  private async requireRunning(node: NodeRecord) {
    if (node.holder && (await isRunning(node.holder))) return node.holder;
    throw new FabricError("node-not-running", `node ${node.name} of lab ${node.lab} is not running`, {
      suggestion: `destroy and deploy the lab again`,
    });
  }
}
