// The topology's runtime nodes, created concurrently in waves: a node sharing another's network
// namespace (network-mode container:X) waits for X. Each is written to the lab record before it
// is created, and again as creation learns things (a pid), so destroy can undo any point of it.
import { InternalError } from "../errors.js";
import type { NodeKindHandler } from "../nodes/types.js";
import type { NodeRecord, NodeSpec, Runtime } from "../runtime/types.js";
import type { Lab, TopologyNode } from "../model/model.js";
import type { Progress } from "../state/progress.js";
import { nodeResourceId } from "../state/resources.js";
import { settleAll } from "../util/settle.js";
import type { LabRecord } from "../state/state-store.js";

export interface CreateNodesContext {
  readonly lab: Lab;
  readonly handlers: ReadonlyMap<string, NodeKindHandler>;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly progress: Progress;
  /** Kubernetes nodes, which count as created: `network-mode: container:kind-worker` joins one. */
  readonly clusterNodes: ReadonlyMap<string, NodeRecord>;
  /** Runtime facts the kind handler does not know: container name prefix, management address. */
  readonly specExtras: (node: TopologyNode) => Partial<NodeSpec>;
}

/** Every created node by name, the Kubernetes nodes included. */
export async function createNodes(ctx: CreateNodesContext): Promise<Map<string, NodeRecord>> {
  const { lab, handlers, runtime, record, progress } = ctx;
  const created = new Map<string, NodeRecord>(ctx.clusterNodes);
  let pending: TopologyNode[] = lab.topology.nodes.filter((n) => handlers.has(n.name));
  while (pending.length > 0) {
    const ready = pending.filter(
      (n) => n.networkMode.type !== "container" || created.has(n.networkMode.target),
    );
    if (ready.length === 0) throw new InternalError("network-mode dependencies form a cycle");
    await settleAll(
      ready.map(async (node) => {
        const handler = handlers.get(node.name);
        if (!handler) return;
        const shares =
          node.networkMode.type === "container" ? created.get(node.networkMode.target) : undefined;
        const spec = { ...handler.nodeSpec(lab.name, node, shares), ...ctx.specExtras(node) };
        const id = nodeResourceId(node.name);
        progress.node(node.name, "creating namespaces");
        record.add({ type: "node", id, record: runtime.plan(spec) });
        const done = await runtime.create(spec, { onProgress: (r) => record.update(id, r) });
        record.update(id, done);
        created.set(node.name, done);
      }),
    );
    pending = pending.filter((n) => !created.has(n.name));
  }
  return created;
}
