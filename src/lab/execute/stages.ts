// How each stage of a deploy plan runs. The plan says what to create; here each planned resource
// becomes a concrete record (a NodeSpec's record, a veth between two namespaces) from what the
// earlier stages made, and goes through the Ledger, which records it and then creates it.
import { assertNever } from "../../errors.js";
import type { ClusterProvider } from "../../k8s/cluster-provider.js";
import type { SpeakerHostControl } from "../../k8s/speaker/host-process.js";
import { startLabSpeakers, type SpeakerMode } from "../../k8s/speaker/start-speakers.js";
import { planMgmtAttachment, planMgmtNetwork } from "../../links/mgmt.js";
import { planVeth } from "../../links/veth.js";
import type { Lab } from "../../model/model.js";
import type { NodeKindHandler } from "../../nodes/types.js";
import type { Runtime } from "../../runtime/types.js";
import type { Ledger } from "../../state/ledger.js";
import type { Progress } from "../../state/progress.js";
import type { LabRecord } from "../../state/state-store.js";
import { settleAll } from "../../util/settle.js";
import type { LinkEndPlan, MgmtNetworkResource, NodeResource, Stage } from "../plan/types.js";
import { startTopologyNodes } from "../start-nodes.js";
import type { StageOutputs } from "./outputs.js";

export interface StageContext {
  readonly lab: Lab;
  readonly runtime: Runtime;
  readonly record: LabRecord;
  readonly ledger: Ledger;
  readonly progress: Progress;
  readonly handlers: ReadonlyMap<string, NodeKindHandler>;
  readonly provider: ClusterProvider;
  readonly speakerMode: SpeakerMode;
  readonly speakerHost: SpeakerHostControl;
}

export async function runStage(stage: Stage, ctx: StageContext, out: StageOutputs): Promise<void> {
  switch (stage.id) {
    case "management":
      for (const r of stage.resources) await createManagement(ctx, r, out);
      return;
    case "cluster-nodes":
      out.addClusterNodes(await ctx.provider.createNodes(ctx, stage.resources));
      return;
    case "nodes":
      return createNodes(ctx, stage.resources, out);
    case "mgmt-attachments": {
      ctx.progress.phase("wiring management interfaces and links");
      const { management } = out;
      if (management.type === "runtime") return;
      for (const [port, r] of stage.resources.entries()) {
        const node = { node: r.node, netns: ctx.runtime.netnsPath(out.node(r.node)) };
        await ctx.ledger.wire(r.id, planMgmtAttachment(management.net, node, r.address, port));
      }
      return;
    }
    case "links":
      for (const r of stage.resources) {
        await ctx.ledger.wire(r.id, planVeth(linkEnd(ctx, r.a, out), linkEnd(ctx, r.b, out), r.mtu));
      }
      return;
    case "start-nodes":
      return startTopologyNodes(ctx, out.nodes);
    case "cluster-workloads": {
      const outcome = await ctx.provider.startWorkloads(ctx, stage.resources, out.clusterNodes);
      if (outcome.info) ctx.record.setMeta("cluster", outcome.info);
      out.cluster = outcome;
      return;
    }
    case "speakers":
      if (stage.skipped) ctx.progress.note(stage.skipped);
      if (stage.resources.length === 0) return;
      return startLabSpeakers(
        {
          ...ctx,
          enabled: true,
          ...(ctx.provider.speakerRuntime && { speakerRuntime: ctx.provider.speakerRuntime }),
        },
        out.nodes,
        out.clusterNodes,
        out.cluster.speakers,
      );
    default:
      return assertNever(stage, "deploy stage");
  }
}

async function createManagement(ctx: StageContext, r: MgmtNetworkResource, out: StageOutputs): Promise<void> {
  ctx.progress.phase(`management network ${r.subnet}`);
  const runtimeNet = ctx.runtime.managementNetwork;
  if (r.owner === "runtime" && runtimeNet) {
    const net = runtimeNet.plan(ctx.lab.name, r.subnet);
    await ctx.ledger.runtimeNetwork(r.id, net, () => runtimeNet.create(net));
    out.management = { type: "runtime", net };
    return;
  }
  const net = planMgmtNetwork(ctx.lab.name, r.subnet, { ports: r.ports });
  await ctx.ledger.wire(r.id, net);
  out.management = { type: "host-bridge", net };
}

/** Wave by wave; the nodes of a wave concurrently. */
async function createNodes(
  ctx: StageContext,
  nodes: readonly NodeResource[],
  out: StageOutputs,
): Promise<void> {
  const waves = [...new Set(nodes.map((n) => n.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    await settleAll(
      nodes
        .filter((n) => n.wave === wave)
        .map(async (r) => {
          const node = ctx.lab.topology.nodes.find((n) => n.name === r.node);
          const handler = ctx.handlers.get(r.node);
          if (!node || !handler) return;
          const shares = r.joins === undefined ? undefined : out.node(r.joins);
          // Only a runtime's own network is made before the nodes (plan-deploy.ts); the host's
          // bridge may still be in the making, and nodes do not need it.
          const management = ctx.runtime.managementNetwork ? out.management : undefined;
          const spec = {
            ...handler.nodeSpec(ctx.lab.name, node, shares),
            // Runtime facts the kind handler does not know: container name prefix, management address.
            namePrefix: ctx.lab.topology.prefix,
            ...(management?.type === "runtime" &&
              r.mgmtAddress !== undefined && { mgmt: { network: management.net, address: r.mgmtAddress } }),
          };
          ctx.progress.node(r.node, "creating namespaces");
          out.nodes.set(r.node, await ctx.ledger.node(r.id, spec));
        }),
    );
  }
}

function linkEnd(ctx: StageContext, end: LinkEndPlan, out: StageOutputs) {
  return { node: end.node, netns: ctx.runtime.netnsPath(out.node(end.namespaceOf)), ifname: end.ifname };
}
