// The lab record read back from disk is checked before any command trusts it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import { LabRecord, StateStore } from "../../../src/state/state-store.js";

describe("reading a lab record back", () => {
  let root: string;
  let store: StateStore;
  let file: string;
  let written: Record<string, unknown>;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-state-"));
    store = new StateStore(root);
    const record = LabRecord.begin(store, { lab: "demo", source: "/labs/demo", runtime: "netns" });
    record.add({ type: "node", id: "node:a", record: { pid: 42 } });
    record.setMeta("mgmt", { a: "172.20.20.2" });
    // A phase change folds the journal into lab.json, which these tests rewrite by hand.
    record.setPhase("running");
    file = join(root, "demo", "lab.json");
    written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const rewrite = (content: unknown) => writeFileSync(file, JSON.stringify(content));
  const readError = (): FabricError => {
    try {
      store.read("demo");
    } catch (e) {
      if (e instanceof FabricError) return e;
      throw e;
    }
    throw new Error("expected the read to fail");
  };

  it("gives back what was written, owner records and meta untouched", () => {
    const { journal, ...state } = written;
    expect(journal).toMatch(/^journal-/);
    expect(store.read("demo")).toEqual(state);
    expect(store.read("demo")?.resources[0]?.record).toEqual({ pid: 42 });
    expect(store.read("demo")?.meta).toEqual({ mgmt: { a: "172.20.20.2" } });
  });

  it("refuses a record of the wrong shape as corrupt, saying which field", () => {
    rewrite({ ...written, phase: "exploding" });
    const phase = readError();
    expect(phase.code).toBe("state-corrupt");
    expect(phase.message).toContain(
      `the state record of lab demo (${file}) is not in the expected form: phase:`,
    );
    expect(phase.suggestion).toContain(join(root, "demo"));

    rewrite({ ...written, resources: [{ type: "node", record: {} }] });
    expect(readError().message).toContain("resources.0.id:");

    const { lab: _lab, ...noLab } = written;
    rewrite(noLab);
    expect(readError().message).toContain("lab:");

    rewrite([1, 2]);
    expect(readError().code).toBe("state-corrupt");
    rewrite(null);
    expect(readError().code).toBe("state-corrupt");
  });

  it("tells a record of another fabric version from a corrupt one", () => {
    rewrite({ ...written, version: 2 });
    expect(readError()).toMatchObject({
      code: "state-version",
      message: "the state record of lab demo was written by another fabric version",
    });
    // Another version's record need not have this version's shape.
    rewrite({ version: 2, somethingElse: true });
    expect(readError().code).toBe("state-version");
  });
});
