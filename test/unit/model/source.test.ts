import { describe, expect, it } from "vitest";
import { parseYaml } from "../../../src/model/source.js";

describe("parseYaml", () => {
  const file = parseYaml("x.yaml", "a:\n  b:\n    - c: 1\n      d: [1, 2]\n---\nfoo: bar\n");

  it("keeps every document of a multi-document file", () => {
    expect(file.docs).toHaveLength(2);
    expect(file.docs[1]?.value).toEqual({ foo: "bar" });
  });

  it("locates values and keys by path", () => {
    const doc = file.docs[0]!;
    expect(doc.locate(["a", "b", 0, "d", 1])).toEqual({ file: "x.yaml", line: 4, col: 14 });
    expect(doc.locate(["a", "b", 0, "d"], "key")).toEqual({ file: "x.yaml", line: 4, col: 7 });
    expect(file.docs[1]!.locate(["foo"])).toEqual({ file: "x.yaml", line: 6, col: 6 });
  });

  it("falls back to the nearest existing ancestor for a missing path", () => {
    expect(file.docs[0]!.locate(["a", "missing"])).toEqual({ file: "x.yaml", line: 2, col: 3 });
  });

  it("reports syntax errors with their line", () => {
    const bad = parseYaml("y.yaml", "a: [1,\nb: 2\n");
    expect(bad.diagnostics[0]?.code).toBe("yaml-syntax");
    expect(bad.diagnostics[0]?.location?.file).toBe("y.yaml");
    expect(bad.docs).toHaveLength(0);
  });
});
