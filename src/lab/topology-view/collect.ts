// One poll of a running lab, read-only: one `show bgp summary json` per FRR router and the
// speakers' peers views (the speaker host answers for every hosted node), laid over the record's
// shape. Nothing here changes the lab; a frozen router is not asked (its vtysh would hang).
import { collectPeers } from "../../k8s/speaker/bgp-status.js";
import { frrSummaryPeers, frrSummaryRouter } from "../../nodes/frr-json.js";
import type { Runtime } from "../../runtime/types.js";
import { activeFaults } from "../../state/active-faults.js";
import { recordOf } from "../../state/deployed.js";
import { isFrozen } from "../../state/frozen.js";
import { labInfo } from "../../state/lab-info.js";
import type { LabState } from "../../state/state-store.js";
import { labShape } from "./lab-shape.js";
import { pairSessions, type PeerMemory, type RouterStatus } from "./sessions.js";
import type { GraphNode, GraphProblem, GraphSnapshot } from "./types.js";

/** A poll must not wait on a stuck vtysh longer than the page's refresh is worth. */
const STATUS_TIMEOUT_MS = 3_000;

/** What one poll asks of the lab; the tests give a fake. */
export interface StatusSource {
  routerSummary(lab: LabState, node: string): Promise<string>;
  speakerPeers: typeof collectPeers;
}

export function liveStatus(runtime: Runtime): StatusSource {
  return {
    async routerSummary(lab, node) {
      const record = recordOf(lab, node);
      if (!record) throw new Error("not in the lab record");
      const r = await runtime.exec(record, ["vtysh", "-c", "show bgp summary json"], {
        timeoutMs: STATUS_TIMEOUT_MS,
      });
      if (r.exitCode !== 0) throw new Error(`vtysh exited ${r.exitCode}: ${r.stderr.trim()}`);
      return r.stdout;
    },
    speakerPeers: collectPeers,
  };
}

export async function collectGraph(
  lab: LabState,
  source: StatusSource,
  memory: PeerMemory,
  now: () => Date = () => new Date(),
): Promise<GraphSnapshot> {
  const shape = labShape(lab);
  const problems: GraphProblem[] = [];
  const routerNames = labInfo(lab)
    .nodes.filter((n) => n.role === "router")
    .map((n) => n.name);
  const routers = (
    await Promise.all(
      routerNames.map(async (node): Promise<RouterStatus | undefined> => {
        if (isFrozen(lab, node)) {
          problems.push({ node, message: "frozen (fabric node stop)" });
          return undefined;
        }
        try {
          const json = await source.routerSummary(lab, node);
          return { node, ...frrSummaryRouter(json, node), peers: frrSummaryPeers(json, node) };
        } catch (err) {
          problems.push({ node, message: (err as Error).message });
          return undefined;
        }
      }),
    )
  ).filter((r): r is RouterStatus => r !== undefined);
  const hasSpeakers = labInfo(lab).cluster?.nodes.some((n) => n.speaker) ?? false;
  const speakers = hasSpeakers ? await source.speakerPeers(lab) : { rows: [], problems: [] };
  problems.push(...speakers.problems);

  const asnOf = new Map<string, { asn?: number; routerId?: string }>();
  for (const r of routers)
    asnOf.set(r.node, {
      ...(r.asn !== undefined && { asn: r.asn }),
      ...(r.routerId && { routerId: r.routerId }),
    });
  for (const row of speakers.rows) asnOf.set(shape.vertexOf.get(row.node) ?? row.node, { asn: row.localAsn });
  const nodes: GraphNode[] = shape.nodes.map((n) => ({ ...n, ...asnOf.get(n.id) }));
  return {
    lab: lab.lab,
    at: now().toISOString(),
    nodes,
    links: shape.links,
    sessions: pairSessions(shape, routers, speakers.rows, memory),
    faults: activeFaults(lab),
    problems: problems.sort((a, b) => a.node.localeCompare(b.node)),
  };
}
