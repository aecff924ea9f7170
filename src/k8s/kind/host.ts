// The host side of a real kind cluster's nodes, the orchestrator's one door to it (as Wiring and
// ProcessControl are for links and processes), so unit tests replace it and never touch the host.
//
// A kind node is a container fabric did not create: no runtime node exists for it. fabric pins
// its network namespace under /run/netns (links are wired through that name, never through
// /proc/<pid>/ns/net, which names a stranger's namespace once the pid is reused — a teardown
// after a crash must never enter the host's), and runs the BGP speaker in it from the host.
import { destroyKindCluster } from "./provider.js";
import type { SpeakerRuntime } from "../speaker/sidecar.js";
import { attempt } from "../../host/command.js";
import { netnsAttach, netnsDeleteIfExists } from "../../host/ip.js";
import type { Namespace } from "../../host/nsenter.js";
import { processRef, type ProcessRef } from "../../host/proc.js";
import { FabricError, InternalError } from "../../errors.js";
import { spawnInNode } from "../../runtime/netns/spawn.js";
import { netnsPathOf } from "../../runtime/netns/names.js";
import type { NodeRecord } from "../../runtime/types.js";
import type { KindRemoval } from "../../state/resources.js";
import { KIND_NODE_RUNTIME } from "./node-records.js";

export interface KindHost extends KindRemoval {
  /** The container's pid 1 with its start time, so later checks never hit a reused pid. */
  holder(pid: number): Promise<ProcessRef>;
  /** Makes `/run/netns/<name>` name the namespace of `pid`. */
  pinNetns(name: string, pid: number): Promise<void>;
  /**
   * Where the speaker runs: its files on the host (the node's state dir), its process in the kind
   * node's namespaces but the host's filesystem, where fabric is installed.
   */
  readonly speakers: SpeakerRuntime;
}

/** As the runtimes' `hostFilesystem` spawn: the node's network, uts, ipc and pid namespaces. */
const SPEAKER_NAMESPACES: readonly Namespace[] = ["net", "uts", "ipc", "pid"];

export const hostKind: KindHost = {
  async holder(pid) {
    const ref = await processRef(pid);
    if (!ref)
      throw new FabricError("kind-node-gone", `the kind node container with pid ${pid} is not running`);
    return ref;
  },
  async pinNetns(name, pid) {
    // A leftover name (a crash after pinning, before the record said so) would block attach.
    await netnsDeleteIfExists(name);
    await netnsAttach(name, pid);
  },
  async unpinNetns(name) {
    await netnsDeleteIfExists(name);
  },
  deleteCluster: (name) => destroyKindCluster(name),
  speakers: {
    exec(_node, argv, opts = {}) {
      const [file, ...args] = argv;
      if (file === undefined) throw new InternalError("an empty command");
      return attempt(file, args, {
        ...(opts.input !== undefined && { input: opts.input }),
        ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
      });
    },
    // The name pinned per lab (node-records.ts), not /proc/<pid>/ns/net: the speaker host enters
    // it to create the node's sockets, and IP_TTL is set on each socket there (socket-place.ts),
    // so the eBGP TTL needs no iptables rule in the kind node, whose kube-proxy may use the other
    // iptables backend.
    netnsPath: (node) => netnsPathOf(node.netnsName),
    spawn(node, argv, opts = {}) {
      const pid = requireHolder(node);
      const logFile = opts.logFile ?? `${node.stateDir}/logs/${argv[0]?.split("/").pop() ?? "cmd"}.log`;
      const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ...opts.env };
      // The speaker lives in the kind node's pid namespace, dies with it, and is the child (of
      // the host-side shell spawnInNode leaves) that ProcessControl.stop signals.
      return spawnInNode({ pid, namespaces: SPEAKER_NAMESPACES }, argv, env, logFile);
    },
  },
};

function requireHolder(node: NodeRecord): number {
  if (!node.holder) throw new InternalError(`kind node ${node.name} has no pid`);
  return node.holder.pid;
}

/**
 * Where a node's speaker process runs (`fabric bgp start`): a kind node's from the host in the
 * node's namespaces (the node's own filesystem has no fabric), any other node's on its runtime.
 */
export function speakerRuntimeFor(
  node: NodeRecord,
  runtime: () => Promise<SpeakerRuntime>,
): Promise<SpeakerRuntime> {
  return node.runtime === KIND_NODE_RUNTIME ? Promise.resolve(hostKind.speakers) : runtime();
}
