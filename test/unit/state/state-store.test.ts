import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("notes the management subnet beside the record, and forgets it with the lab", () => {
    expect(store.notedMgmtSubnet("lab1")).toBeUndefined();
    LabRecord.begin(store, { lab: "lab1", source: "x", runtime: "fake" });
    expect(store.notedMgmtSubnet("lab1")).toBeUndefined(); // a record without the note: read it
    store.noteMgmtSubnet("lab1", "172.20.21.0/24");
    expect(store.notedMgmtSubnet("lab1")).toBe("172.20.21.0/24");
    store.remove("lab1");
    expect(store.notedMgmtSubnet("lab1")).toBeUndefined();
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

describe("lab state journal", () => {
  let root: string;
  let store: StateStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-journal-"));
    store = new StateStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const journals = () => readdirSync(join(root, "demo")).filter((n) => n.startsWith("journal-"));

  it("appends changes instead of rewriting the record, and folds them in at a phase change", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    const file = join(root, "demo", "lab.json");
    const written = readFileSync(file, "utf8");
    record.add({ type: "node", id: "node:a", record: { pid: null } });
    record.update("node:a", { pid: 7 });
    record.setMeta("k", 1);
    expect(readFileSync(file, "utf8")).toBe(written);
    expect(store.read("demo")).toMatchObject({
      resources: [{ id: "node:a", record: { pid: 7 } }],
      meta: { k: 1 },
    });
    record.setPhase("running");
    expect(JSON.parse(readFileSync(file, "utf8")).resources).toEqual([
      { type: "node", id: "node:a", record: { pid: 7 } },
    ]);
    expect(journals()).toHaveLength(1);
    expect(readFileSync(join(root, "demo", journals()[0] ?? ""), "utf8")).toBe("");
  });

  it("compacts once the journal is as long as the record, and reads the same either way", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    for (let i = 0; i < 300; i++) record.add({ type: "link", id: `link:${i}`, record: { i } });
    for (let i = 0; i < 300; i += 2) record.forget(`link:${i}`);
    const state = store.read("demo");
    expect(state?.resources.map((r) => r.id)).toEqual(record.state.resources.map((r) => r.id));
    expect(state?.resources).toHaveLength(150);
    expect(journals()).toHaveLength(1);
    const onDisk = JSON.parse(readFileSync(join(root, "demo", "lab.json"), "utf8")).resources.length;
    expect(onDisk).toBeGreaterThan(0);
  });

  it("drops a torn last line (a kill mid-append) but not a bad line before it", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    record.add({ type: "node", id: "node:a", record: {} });
    const journal = join(root, "demo", journals()[0] ?? "");
    appendFileSync(journal, '{"op":"add","entry":{"type":"node","id":"node:b"');
    expect(store.read("demo")?.resources.map((r) => r.id)).toEqual(["node:a"]);
    appendFileSync(journal, "\n" + JSON.stringify({ op: "forget", id: "node:a" }) + "\n");
    expect(() => store.read("demo")).toThrow(/line 2 of the state journal/);
  });

  it("ignores a journal left behind by a write that a kill cut short", () => {
    const record = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    record.add({ type: "node", id: "node:a", record: {} });
    // A later compaction that died after creating its journal, before renaming lab.json.
    writeFileSync(join(root, "demo", "journal-1-1"), JSON.stringify({ op: "forget", id: "node:a" }) + "\n");
    expect(store.read("demo")?.resources.map((r) => r.id)).toEqual(["node:a"]);
  });

  it("lets another process's LabRecord carry on from what it read", () => {
    const deploy = LabRecord.begin(store, { lab: "demo", source: "x", runtime: "netns" });
    deploy.add({ type: "node", id: "node:a", record: {} });
    const later = new LabRecord(store, store.read("demo") ?? deploy.state);
    later.forget("node:a");
    later.setMeta("k", 2);
    expect(store.read("demo")).toMatchObject({ resources: [], meta: { k: 2 } });
  });
});
