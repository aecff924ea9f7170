import { describe, expect, it } from "vitest";
import { MAX_YAML_BYTES, parseYaml } from "../../../src/model/source.js";

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

describe("hostile YAML", () => {
  it("refuses a billion-laughs file at its first alias, without expanding it", () => {
    let text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    let prev = "a";
    for (const name of ["b", "c", "d", "e", "f", "g", "h", "i"]) {
      text += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
      prev = name;
    }
    const file = parseYaml("laughs.yaml", text);
    expect(file.docs).toHaveLength(0);
    expect(file.diagnostics).toEqual([
      expect.objectContaining({ code: "yaml-aliases", location: { file: "laughs.yaml", line: 2, col: 8 } }),
    ]);
  });

  it("keeps a few aliases working", () => {
    const file = parseYaml("ok.yaml", "base: &b {x: 1}\nuse: *b\n");
    expect(file.diagnostics).toEqual([]);
    expect(file.docs[0]?.value).toEqual({ base: { x: 1 }, use: { x: 1 } });
  });

  it("refuses a file past the size limit before parsing it", () => {
    const file = parseYaml("huge.yaml", `a: "${"x".repeat(MAX_YAML_BYTES)}"\n`);
    expect(file.diagnostics).toEqual([
      expect.objectContaining({ code: "file-too-large", location: { file: "huge.yaml", line: 1, col: 1 } }),
    ]);
  });

  it("names every repeated key at its second line, in a map of many keys", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`);
    keys.splice(15_000, 0, "k7: again");
    const file = parseYaml("many.yaml", `labels:\n${keys.map((k) => `  ${k}`).join("\n")}\n`);
    expect(file.diagnostics).toEqual([
      expect.objectContaining({
        code: "duplicate-key",
        message: 'key "k7" appears twice in labels (first on line 9)',
        location: { file: "many.yaml", line: 15_002, col: 3 },
      }),
    ]);
  });
});
