// Make what a wiring record describes. The counterpart of teardown.ts; the orchestrator records
// first, then calls this.
import { assertNever } from "../errors.js";
import { attachToMgmt, createMgmtNetwork } from "./mgmt.js";
import type { WiringRecord } from "./types.js";
import { createVeth } from "./veth.js";

export async function createWiring(record: WiringRecord): Promise<void> {
  switch (record.kind) {
    case "veth":
      return createVeth(record);
    case "mgmt-attachment":
      return attachToMgmt(record);
    case "mgmt-network":
      await createMgmtNetwork(record);
      return;
    default:
      return assertNever(record, "wiring record");
  }
}
