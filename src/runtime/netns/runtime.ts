// The embedded runtime: a node is a holder process in its own net, mount, uts, ipc and pid
// namespaces on this host (DESIGN.md §3). Images are not pulled: a node runs the host's own
// binaries (its FRR, its iproute2) behind private copies of the directories they write.
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { FabricError } from "../../errors.js";
import { attempt } from "../../host/command.js";
import { netnsAttachArgs } from "../../host/ip.js";
import { hostIp } from "../../host/ip-batch.js";
import { nsenterArgv, type Namespace } from "../../host/nsenter.js";
import { backstopMs, deadlineArgv, nodeTimeoutError, TIMED_OUT_STATUS } from "../deadline.js";
import { isRunning } from "../../host/proc.js";
import type { MountStep } from "../../host/unshare.js";
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
import { plannedMounts, preparePrivateDir } from "./dirs.js";
import { startHolder } from "./holder.js";
import { checkName, holderId, netnsName, netnsPathOf, nodeStateDir } from "./names.js";
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

export class NetnsRuntime implements Runtime {
  readonly name = NETNS_RUNTIME;

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
      mounts: plannedMounts(stateDir, spec.privateDirs, spec.binds),
      ...(shared && { sharesNetworkWith: { name: shared.name, netnsName: shared.netnsName } }),
    };
  }

  async create(spec: NodeSpec, opts: CreateOptions = {}): Promise<NodeRecord> {
    const planned = this.plan(spec);
    if (spec.sharesNetworkWith) await this.requireRunning(spec.sharesNetworkWith);
    await mkdir(path.join(planned.stateDir, "logs"), { recursive: true });
    for (const dir of spec.privateDirs) await preparePrivateDir(planned.stateDir, dir);
    const privateCount = spec.privateDirs.length;
    const userBinds = await stageBinds(planned.stateDir, planned.mounts.slice(privateCount));

    // One process does the rest inside the node: hostname, lo, its own /sys (sysfs shows the
    // network namespace of whoever mounted it, so the copy inherited from the host would list the
    // host's interfaces), then the private dirs and the user's binds (see mountSteps).
    const holder = await startHolder({
      id: holderId(spec.lab, spec.name),
      hostname: planned.hostname,
      stateDir: planned.stateDir,
      ...(planned.sharesNetworkWith && { joinNetns: netnsPathOf(planned.sharesNetworkWith.netnsName) }),
      mounts: mountSteps(planned.mounts.slice(0, privateCount), userBinds),
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

/** A user's bind with whether its source is a directory, and where it is staged. */
export interface StagedBind {
  readonly bind: BindSpec;
  readonly stage: string;
  readonly directory: boolean;
}

/**
 * The user's bind sources are host paths, but a private dir mounted first (/tmp, say) would hide
 * them from inside the node. So each source is first pinned at a staging path in the state dir,
 * which no private dir covers, while the node still sees the host's tree. This makes the staging
 * mount points on the host; the holder does the mounting.
 */
async function stageBinds(stateDir: string, binds: readonly BindSpec[]): Promise<StagedBind[]> {
  const staged: StagedBind[] = [];
  for (const [i, b] of binds.entries()) {
    const source = await stat(b.source).catch((cause: unknown) => {
      throw new FabricError("bind-source-missing", `bind source ${b.source} does not exist`, { cause });
    });
    const stage = path.join(stateDir, "binds", String(i));
    await mkdir(path.dirname(stage), { recursive: true });
    if (source.isDirectory()) await mkdir(stage, { recursive: true });
    else await writeFile(stage, "");
    staged.push({ bind: b, stage, directory: source.isDirectory() });
  }
  return staged;
}

/**
 * What the holder mounts, in order: the user's sources onto their staging paths; the private dirs
 * (directories, made by preparePrivateDir); then each staged bind onto its target. Pure.
 */
export function mountSteps(privateDirs: readonly BindSpec[], binds: readonly StagedBind[]): MountStep[] {
  return [
    ...binds.map((b): MountStep => ({
      kind: "bind",
      source: b.bind.source,
      target: b.stage,
      readOnly: false,
    })),
    ...privateDirs.flatMap((d): MountStep[] => [
      { kind: "dir", target: d.target },
      { kind: "bind", source: d.source, target: d.target, readOnly: d.readOnly },
    ]),
    ...binds.flatMap((b): MountStep[] => [
      { kind: b.directory ? "dir" : "file", target: b.bind.target },
      { kind: "bind", source: b.stage, target: b.bind.target, readOnly: b.bind.readOnly },
    ]),
  ];
}
