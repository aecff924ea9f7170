import path from "node:path";
import { describe, expect, it } from "vitest";
import { folderGraph, layerViolations, readImports } from "../../support/imports.js";

const SRC = path.resolve(import.meta.dirname, "../../../src");

describe("the layers of src/ (DESIGN.md §3)", () => {
  const edges = readImports(SRC);

  it("reads the imports of the whole tree", () => {
    // A reader that found nothing would pass every check below.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: "cli/main.ts", to: "errors.ts" });
  });

  it("has no import into a layer to the right of the importer's", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(folderGraph(edges).cycles).toEqual([]);
  });

  it("reports a deliberately wrong import", () => {
    const wrong = [...edges, { from: "model/model.ts", to: "lab/deploy.ts" }];
    expect(layerViolations(wrong)).toEqual([
      "model/model.ts -> lab/deploy.ts: model (layer 1) may not import lab (layer 6)",
    ]);
  });

  it("reports a folder that is in no layer, and a cycle between folders", () => {
    const edgesWithStray = [
      { from: "stray/x.ts", to: "errors.ts" },
      { from: "lab/a.ts", to: "checks/b.ts" },
      { from: "checks/b.ts", to: "lab/a.ts" },
    ];
    expect(layerViolations(edgesWithStray)).toEqual(["stray/x.ts: stray/ is in no layer (add it to LAYERS)"]);
    expect(folderGraph(edgesWithStray).cycles).toEqual([["checks", "lab"]]);
  });
});
