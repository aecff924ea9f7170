// The kinds of things a deploy creates, as they appear in the lab state record, and how each is
// removed. Adding a kind of resource means adding it here, and the compiler then asks destroy to
// handle it.
import { assertNever } from "../errors.js";
import type { WiringRecord } from "../links/types.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import type { ResourceEntry } from "./state-store.js";
import type { Wiring } from "./wiring.js";

export type LabResource =
  | { readonly type: "node"; readonly id: string; readonly record: NodeRecord }
  | { readonly type: "wiring"; readonly id: string; readonly record: WiringRecord };

export function nodeResourceId(node: string): string {
  return `node:${node}`;
}

/** The entries of a state record, typed. Unknown types (a newer fabric's) are reported, not guessed at. */
export function asLabResource(entry: ResourceEntry): LabResource | undefined {
  if (entry.type === "node" || entry.type === "wiring") return entry as LabResource;
  return undefined;
}

export async function removeResource(resource: LabResource, runtime: Runtime, wiring: Wiring): Promise<void> {
  switch (resource.type) {
    case "node":
      return runtime.remove(resource.record);
    case "wiring":
      return wiring.remove(resource.record);
    default:
      return assertNever(resource, "lab resource");
  }
}
