// The order destroy removes a lab's resources in: stages by kind, each stage's resources
// independent of one another, so destroy removes them concurrently (one at a time, destroying
// 256 nodes took 112 s, mostly waiting for killed holders to go). Within a stage the record's
// newest-first order is kept, so with a limit on concurrency the newest still start first.
import type { LabResource } from "../state/resources.js";
import { assertNever } from "../errors.js";

/**
 * Earlier stages first. Why each comes where it does:
 * - speaker instances while their links exist, so they send a Cease; then the host that ran them;
 * - processes (pod commands, speakers in process mode) while links exist too (a speaker's Cease);
 * - veths and management attachments, before the nodes whose namespaces hold their ends;
 * - nodes (their pid namespaces take every daemon with them);
 * - a kind cluster, once the links into its nodes are gone (resources.ts);
 * - last what every node was attached to: the management bridge, a runtime's network.
 */
function stageOf(resource: LabResource): number {
  switch (resource.type) {
    case "speaker-instance":
      return 0;
    case "speaker-host":
      return 1;
    case "process":
      return 2;
    case "wiring":
      return resource.record.kind === "mgmt-network" ? 6 : 3;
    case "node":
      return 4;
    case "kind-cluster":
      return 5;
    case "runtime-network":
      return 6;
    default:
      return assertNever(resource, "lab resource");
  }
}

/** `resources` (in record order) as removal stages, each newest first; empty stages left out. */
export function removalStages<T extends { readonly resource: LabResource }>(items: readonly T[]): T[][] {
  const stages: T[][] = [];
  for (const item of [...items].reverse()) (stages[stageOf(item.resource)] ??= []).push(item);
  return stages.filter((s) => s !== undefined);
}

/** "256 node(s), 3 speaker-host(s)": what a stage removed, by type, for its progress line. */
export function stageLabel(resources: readonly LabResource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) {
    const kind = r.type === "wiring" ? r.record.kind : r.type;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}
