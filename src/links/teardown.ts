// Undo any wiring record. Idempotent: each remover accepts that its object may never have been
// made or may already be gone.
import { assertNever } from "../errors.js";
import { detachFromMgmt, removeMgmtNetwork } from "./mgmt.js";
import type { WiringRecord } from "./types.js";
import { removeVeth } from "./veth.js";

export async function removeWiring(record: WiringRecord): Promise<void> {
  switch (record.kind) {
    case "veth":
      return removeVeth(record);
    case "mgmt-attachment":
      return detachFromMgmt(record);
    case "mgmt-network":
      return removeMgmtNetwork(record);
    default:
      return assertNever(record, "wiring record");
  }
}
