// Starting the topology's nodes, concurrently: each node kind's start (exec lines; for FRR, its
// config and daemons first). Runs once every link exists, as containerlab runs exec lines.
import type { NodeKindHandler } from "../nodes/types.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import type { Lab } from "../model/model.js";
import type { Progress } from "../state/progress.js";
import { settleAll } from "../util/settle.js";
import { urgently } from "../util/urgency.js";

export interface StartContext {
  readonly lab: Lab;
  readonly handlers: ReadonlyMap<string, NodeKindHandler>;
  readonly runtime: Runtime;
  readonly progress: Progress;
}

export async function startTopologyNodes(
  ctx: StartContext,
  created: ReadonlyMap<string, NodeRecord>,
): Promise<void> {
  const clusterNodes = new Set(ctx.lab.cluster?.nodes.map((n) => n.name) ?? []);
  await settleAll(
    ctx.lab.topology.nodes.map(async (node) => {
      const nodeRecord = created.get(node.name);
      const handler = ctx.handlers.get(node.name);
      if (!nodeRecord || !handler) return;
      const start = () =>
        handler.start({
          lab: ctx.lab.name,
          node,
          record: nodeRecord,
          runtime: ctx.runtime,
          progress: (step) => ctx.progress.node(node.name, step),
        });
      // The fabric's own nodes (routers: FRR started by a chain of commands, one after another)
      // are few and everything after waits for them; a Kubernetes node's exec lines are a few
      // short commands among thousands for its pods. The routers' commands go first.
      await (clusterNodes.has(node.name) ? start() : urgently(start));
      ctx.progress.nodeDone(node.name, "ready");
    }),
  );
}
