import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../src/util/duration.js";
import { parseDuration as parseYamlDuration } from "../../../src/model/lab-file/checks/parse.js";

describe("durations", () => {
  it("reads a number with a unit, and a bare number as seconds", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration(" 45 ")).toBe(45_000);
    expect(parseDuration("0")).toBe(0);
  });

  it("refuses what is not a duration", () => {
    for (const text of ["soon", "-1s", "1h", "", "s", "1 s", "1e3", "30sec", ".5s"]) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });

  it("in a lab file: a YAML number is seconds, text is the same grammar, absent is the default", () => {
    expect(parseYamlDuration(30)).toBe(30_000);
    expect(parseYamlDuration(0.5)).toBe(500);
    expect(parseYamlDuration("2m")).toBe(120_000);
    expect(parseYamlDuration("500ms")).toBe(500);
    // Quoted bare numbers were refused before the two grammars became one; now they mean seconds
    // like the unquoted number does.
    expect(parseYamlDuration("45")).toBe(45_000);
    expect(parseYamlDuration(-1)).toBeUndefined();
    expect(parseYamlDuration(true)).toBeUndefined();
    expect(parseYamlDuration("soon")).toBeUndefined();
    expect(parseYamlDuration(undefined)).toBeGreaterThan(0);
  });
});
