// Finding deployed labs and their nodes by name, for commands that act on a running lab.
import { FabricError } from "../errors.js";
import type { NodeRecord } from "../runtime/types.js";
import { labInfo, type DeployedNode } from "./lab-info.js";
import { asLabResource, nodeResourceId } from "./resources.js";
import type { LabState, StateStore } from "./state-store.js";

export interface DeployedNodeHandle {
  readonly lab: LabState;
  readonly node: DeployedNode;
  /** The record of the node whose namespaces it runs in. */
  readonly record: NodeRecord;
}

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
  const info = labInfo(lab);
  const node = info.nodes.find((n) => n.name === name);
  if (!node) {
    throw new FabricError("node-not-found", `lab ${lab.lab} has no node ${name}`, {
      suggestion: `its nodes are ${info.nodes.map((n) => n.name).join(", ")}`,
    });
  }
  const record = recordOf(lab, node.name);
  if (!record) throw new FabricError("node-not-running", `node ${name} of lab ${lab.lab} was never created`);
  return { lab, node, record };
}

export function recordOf(lab: LabState, node: string): NodeRecord | undefined {
  const entry = lab.resources.find((r) => r.id === nodeResourceId(node));
  const resource = entry && asLabResource(entry);
  return resource?.type === "node" ? resource.record : undefined;
}

function labsHint(store: StateStore): string {
  const labs = store.list();
  return labs.length ? `deployed labs: ${labs.join(", ")}` : "no lab is deployed";
}
