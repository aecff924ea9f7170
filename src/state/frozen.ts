// Which nodes `fabric node stop` froze, from the lab record's active faults, and the error every
// command that would talk to one of them gives instead of waiting on processes that cannot answer.
import { FabricError } from "../errors.js";
import { activeFaults } from "./active-faults.js";
import type { LabState } from "./state-store.js";

/** The active-fault key `fabric node stop NODE` records (faults/live.ts writes it). */
export function frozenKey(node: string): string {
  return `node:${node}`;
}

/** The names of the nodes frozen now, in the order they were stopped. */
export function frozenNodes(lab: LabState): string[] {
  return activeFaults(lab)
    .filter((f) => f.key.startsWith("node:"))
    .map((f) => f.key.slice("node:".length));
}

export function isFrozen(lab: LabState, node: string): boolean {
  return frozenNodes(lab).includes(node);
}

export function nodeFrozenError(node: string): FabricError {
  // One sentence, remedy included: checks show only the message in their DETAIL column.
  return new FabricError(
    "node-frozen",
    `node ${node} is frozen (fabric node stop); start it with fabric node start ${node}`,
  );
}

/** Throws node-frozen rather than let a command wait on a node whose processes are stopped. */
export function assertNotFrozen(lab: LabState, node: string): void {
  if (isFrozen(lab, node)) throw nodeFrozenError(node);
}
