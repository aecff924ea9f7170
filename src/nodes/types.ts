// Node kinds behind one interface: what the runtime must create for a node, and what happens
// inside it once its links exist. The orchestrator picks the handler from the registry by kind.
import type { TopologyNode } from "../model/model.js";
import type { Clock } from "../util/poll.js";
import type { ExecResult, NodeRecord, NodeSpec, PrivateDir, Runtime } from "../runtime/types.js";

/** What a handler may use while starting a node. */
export interface NodeContext {
  readonly lab: string;
  readonly node: TopologyNode;
  readonly record: NodeRecord;
  readonly runtime: Runtime;
  /** Progress lines for the deploy view ("starting FRR", "exec 3/8"). */
  readonly progress: (step: string) => void;
  /** Time for waits inside the node (FRR's vtysh answering); the real clock when absent. */
  readonly clock?: Clock;
}

export interface NodeKindHandler {
  readonly kind: TopologyNode["kind"];
  /** What the runtime creates for this node (private dirs, binds, env). Pure. */
  nodeSpec(lab: string, node: TopologyNode, sharesNetworkWith?: NodeRecord): NodeSpec;
  /** Runs after every link of the lab exists: start daemons, then the topology's exec lines. */
  start(ctx: NodeContext): Promise<void>;
  /** Turns a user's `fabric exec NODE …` into what runs inside the node. */
  execArgv(node: TopologyNode, argv: readonly string[]): readonly string[];
}

/** An exec line that failed: the deploy stops and names the node, the line and its output. */
export interface FailedExec {
  readonly node: string;
  readonly line: string;
  readonly result: ExecResult;
}

/**
 * Directories every node owns privately, so the unmodified containerlab exec lines of FRR nodes
 * (`sed -i … /etc/frr/daemons`, `frrinit.sh start`) act on that node's FRR and no other's.
 */
export const NODE_PRIVATE_DIRS: readonly PrivateDir[] = [
  { target: "/etc/frr", copyContents: true },
  { target: "/var/run/frr", copyContents: false },
  { target: "/var/log/frr", copyContents: false },
  { target: "/tmp", copyContents: false },
];
