import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labFiles } from "../../../src/cli/speaker-config.js";
import { labDirs, selectLab } from "../../../src/state/deployed.js";
import { formatAge, summarizeLab } from "../../../src/state/lab-summary.js";
import { LabRecord, StateStore } from "../../../src/state/state-store.js";
import { runCli } from "../../support/run-cli.js";

let root: string;
let store: StateStore;
let work: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "fabric-select-"));
  work = mkdtempSync(join(tmpdir(), "fabric-labs-"));
  store = new StateStore(root);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** A recorded lab deployed from `source`, with its topology file where a deploy would record it. */
function deployed(lab: string, source: string, topologyFile = join(source, "topo.yaml")): void {
  const record = LabRecord.begin(store, { lab, source, runtime: "netns", meta: { topologyFile } });
  record.setPhase("running");
}

describe("choosing a lab", () => {
  it("takes the name given, whatever the directory", () => {
    deployed("a", join(work, "a"));
    deployed("b", join(work, "b"));
    expect(selectLab(store, "b", join(work, "a")).lab).toBe("b");
    expect(() => selectLab(store, "c")).toThrow("no lab named c is deployed");
  });

  it("else the lab deployed from the current directory (directory, lab file or topology file)", () => {
    deployed("a", join(work, "a"));
    deployed("b", join(work, "b", "lab.yaml"));
    deployed("c", join(work, "c.clab.yaml"), join(work, "c.clab.yaml"));
    expect(selectLab(store, undefined, join(work, "a")).lab).toBe("a");
    expect(selectLab(store, undefined, join(work, "b")).lab).toBe("b");
    expect(selectLab(store, undefined, work).lab).toBe("c");
  });

  it("else the only lab deployed; with several and none here, it asks for a name", () => {
    deployed("a", join(work, "a"));
    expect(selectLab(store, undefined, "/").lab).toBe("a");
    deployed("b", join(work, "b"));
    expect(() => selectLab(store, undefined, "/")).toThrow(
      expect.objectContaining({
        code: "lab-ambiguous",
        message: "2 labs are deployed: a, b",
        suggestion: "choose one with --lab NAME, or run the command in the lab's directory",
      }),
    );
  });

  it("says so when nothing is deployed", () => {
    expect(() => selectLab(store, undefined, work)).toThrow(
      expect.objectContaining({ code: "lab-not-found" }),
    );
  });

  it("knows a lab's directories from its source and its topology file", () => {
    deployed("a", join(work, "a", "lab.yaml"), join(work, "shared", "topo.yaml"));
    const lab = store.read("a");
    expect(lab && labDirs(lab)).toEqual([join(work, "a"), join(work, "shared")]);
  });
});

describe("speaker config's lab", () => {
  it("is a path, a deployed lab's files, the lab in this directory, or the only one deployed", () => {
    const prev = process.env["FABRIC_STATE_DIR"];
    process.env["FABRIC_STATE_DIR"] = root;
    try {
      mkdirSync(join(work, "here"));
      writeFileSync(join(work, "here", "lab.yaml"), "name: here\n");
      deployed("far", join(work, "far"));
      expect(labFiles("labs/cilium-bgp", work)).toBe("labs/cilium-bgp");
      expect(labFiles("far", work)).toBe(join(work, "far"));
      expect(labFiles(undefined, join(work, "here"))).toBe(join(work, "here"));
      expect(labFiles(undefined, work)).toBe(join(work, "far"));
    } finally {
      if (prev === undefined) delete process.env["FABRIC_STATE_DIR"];
      else process.env["FABRIC_STATE_DIR"] = prev;
    }
  });
});

describe("fabric inspect --all", () => {
  it("lists every lab with runtime, nodes, state and age", async () => {
    deployed("a", join(work, "a"));
    LabRecord.begin(store, { lab: "b", source: join(work, "b"), runtime: "docker" });
    const faulted = new LabRecord(store, store.read("a") ?? (undefined as never));
    faulted.setMeta("faults", [{ key: "node:tor1", fault: "node stop tor1", detail: "x", since: "y" }]);
    faulted.setMeta("nodes", [
      { name: "tor1", kind: "linux", role: "router", labels: {} },
      { name: "w1", kind: "k8s-node", role: "cluster", labels: {} },
    ]);
    process.env["FABRIC_STATE_DIR"] = root;
    try {
      const run = await runCli("inspect", "--all", "--format", "json");
      const { labs } = JSON.parse(run.stdout) as { labs: Record<string, unknown>[] };
      expect(labs.map((l) => [l["name"], l["runtime"], l["nodes"], l["state"], l["frozen"]])).toEqual([
        ["a", "netns", 2, "faulted", ["tor1"]],
        ["b", "docker", 0, "deploying", []],
      ]);
      const text = await runCli("inspect", "--all");
      expect(text.stdout).toMatch(/^LAB\s+RUNTIME\s+NODES\s+PODS\s+STATE\s+AGE\s+SOURCE/);
      expect(text.stdout).toContain("faulted (frozen: tor1)");
    } finally {
      delete process.env["FABRIC_STATE_DIR"];
    }
  });

  it("gives ages a person reads at a glance", () => {
    expect([45, 125, 7200, 200_000].map(formatAge)).toEqual(["45s", "2m", "2h", "2d"]);
    LabRecord.begin(store, { lab: "x", source: "/s", runtime: "netns" });
    const state = store.read("x");
    const summary = state && summarizeLab(state, new Date(Date.parse(state.createdAt) + 90_000));
    expect(summary?.ageSeconds).toBe(90);
  });
});
