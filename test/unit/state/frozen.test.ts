import { describe, expect, it } from "vitest";
import { FAULTS_META_KEY } from "../../../src/state/active-faults.js";
import { assertNotFrozen, frozenNodes, isFrozen } from "../../../src/state/frozen.js";
import type { LabState } from "../../../src/state/state-store.js";

function lab(keys: string[]): LabState {
  const faults = keys.map((key) => ({ key, fault: key, detail: "", since: "2026-01-01T00:00:00Z" }));
  return { lab: "l", meta: { [FAULTS_META_KEY]: faults } } as unknown as LabState;
}

describe("frozen nodes", () => {
  it("are the nodes with a node fault in force, not links or netem", () => {
    const state = lab(["node:tor1", "link:router0:net1|tor1:net0", "netem:tor0:net0", "node:kind-worker"]);
    expect(frozenNodes(state)).toEqual(["tor1", "kind-worker"]);
    expect(isFrozen(state, "tor0")).toBe(false);
    expect(frozenNodes(lab([]))).toEqual([]);
  });

  it("are refused with the remedy in the message", () => {
    expect(() => assertNotFrozen(lab(["node:tor1"]), "tor1")).toThrow(
      "node tor1 is frozen (fabric node stop); start it with fabric node start tor1",
    );
    expect(() => assertNotFrozen(lab(["node:tor1"]), "tor0")).not.toThrow();
  });
});
