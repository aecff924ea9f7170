import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LabRecord, StateStore } from "../../../src/state/state-store.js";

describe("lab state record", () => {
  let root: string;
  let store: StateStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-state-"));
    store = new StateStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is on disk before anything is created, and tracks every change", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "/labs/demo", runtime: "netns" });
    expect(store.read("demo")?.phase).toBe("deploying");
    record.add({ type: "node", id: "node:a", record: { pid: null } });
    expect(store.read("demo")?.resources).toEqual([{ type: "node", id: "node:a", record: { pid: null } }]);
    record.update("node:a", { pid: 42 });
    expect(store.read("demo")?.resources[0]?.record).toEqual({ pid: 42 });
    record.setPhase("running");
    record.forget("node:a");
    const state = store.read("demo");
    expect(state?.phase).toBe("running");
    expect(state?.resources).toEqual([]);
    expect(store.list()).toEqual(["demo"]);
    store.remove("demo");
    expect(store.list()).toEqual([]);
    expect(store.read("demo")).toBeUndefined();
  });

  it("refuses to record the same resource twice", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    record.add({ type: "link", id: "link:1", record: {} });
    expect(() => record.add({ type: "link", id: "link:1", record: {} })).toThrow(/already recorded/);
  });

  it("says clearly when a record is corrupt", () => {
    LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    const file = join(root, "demo", "lab.json");
    expect(JSON.parse(readFileSync(file, "utf8")).lab).toBe("demo");
    writeFileSync(file, "{ not json");
    expect(() => store.read("demo")).toThrow(/cannot be read/);
  });
});
