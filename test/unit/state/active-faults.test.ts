import { describe, expect, it } from "vitest";
import { activeFaults, FAULTS_META_KEY, withFault } from "../../../src/state/active-faults.js";
import type { LabState } from "../../../src/state/state-store.js";

const lab = (meta: Record<string, unknown>): LabState => ({
  version: 1,
  lab: "demo",
  source: "labs/demo",
  runtime: "netns",
  phase: "running",
  createdAt: "2026-11-30T00:00:00.000Z",
  deployPid: 1,
  resources: [],
  meta,
});

const down = { key: "node:tor1", fault: "node stop tor1", detail: "tor1: 3 processes frozen", since: "now" };

describe("faults in force, from the lab record", () => {
  it("reads none from a lab nobody faulted, and what was recorded otherwise", () => {
    expect(activeFaults(lab({}))).toEqual([]);
    expect(activeFaults(lab({ [FAULTS_META_KEY]: [down] }))).toEqual([down]);
    expect(withFault([down], "node:tor1", undefined)).toEqual([]);
  });

  it("refuses a record whose faults are not fault entries", () => {
    expect(() => activeFaults(lab({ [FAULTS_META_KEY]: [{ key: "node:tor1" }] }))).toThrow(
      /meta.faults in the state record of lab demo is not in the expected form: 0.fault:/,
    );
    expect(() => activeFaults(lab({ [FAULTS_META_KEY]: "link down" }))).toThrow(/not in the expected form/);
  });
});
