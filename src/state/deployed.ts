// Finding deployed labs and their nodes by name, for commands that act on a running lab. The
// lookups inside a lab are DeployedLab's (deployed-lab.ts); these functions keep their callers'
// one-line form.
import { FabricError } from "../errors.js";
import type { NodeRecord } from "../runtime/types.js";
import { DeployedLab, type DeployedNodeHandle } from "./deployed-lab.js";
import type { LabState, StateStore } from "./state-store.js";

export type { DeployedNodeHandle } from "./deployed-lab.js";

/** The lab named, or the only one deployed. */
export function selectLab(store: StateStore, name?: string): LabState {
  if (name) {
    const state = store.read(name);
    if (!state)
      throw new FabricError("lab-not-found", `no lab named ${name} is deployed`, {
        suggestion: labsHint(store),
      });
    return state;
  }
  const labs = store.list();
  const only = labs.length === 1 ? store.read(labs[0] ?? "") : undefined;
  if (only) return only;
  throw new FabricError(
    labs.length === 0 ? "lab-not-found" : "lab-ambiguous",
    labs.length === 0 ? "no lab is deployed" : `${labs.length} labs are deployed: ${labs.join(", ")}`,
    { suggestion: labs.length === 0 ? "deploy one with `fabric deploy PATH`" : "choose one with --lab NAME" },
  );
}

export function nodeHandle(lab: LabState, name: string): DeployedNodeHandle {
  return new DeployedLab(lab).node(name);
}

export function recordOf(lab: LabState, node: string): NodeRecord | undefined {
  return new DeployedLab(lab).nodeRecord(node);
}

function labsHint(store: StateStore): string {
  const labs = store.list();
  return labs.length ? `deployed labs: ${labs.join(", ")}` : "no lab is deployed";
}
