// schema/lab.schema.json is what editors validate lab files with while they are written: every lab
// the project ships must pass it, and its field names must be the reader's, so neither can drift
// from the other without this failing.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAULT_COMMANDS } from "../../../../src/model/lab-file/faults.js";
import { LAB_FILE_FIELDS, readLabFile } from "../../../../src/model/lab-file/lab-file.js";
import { NODE_FILESYSTEM_FIELDS } from "../../../../src/model/lab-file/node-filesystem.js";
import {
  CHECK_COMMON_FIELDS,
  CHECK_FIELDS,
  CHECK_REQUIRED,
} from "../../../../src/model/lab-file/checks/parse.js";
import { SCENARIO_FIELDS, STEP_KINDS } from "../../../../src/model/lab-file/checks/parse-scenarios.js";
import { BGP_STATES, CHECK_TYPES } from "../../../../src/model/lab-file/checks/spec.js";
import { parseYaml, readYamlFile } from "../../../../src/model/source.js";
import { unsupportedKeywords, validate, type Schema } from "../../../support/json-schema.js";

const SCHEMA_PATH = "schema/lab.schema.json";
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown> & {
  properties: Record<string, unknown>;
  required: string[];
  definitions: Record<string, Def>;
};
interface Def {
  properties?: Record<string, { enum?: unknown[]; const?: unknown; pattern?: string }>;
  required?: string[];
  allOf?: { if: { properties: { type: { const: string } } }; then: { $ref: string } }[];
}

const names = (o: object | undefined) => Object.keys(o ?? {}).sort();
const sorted = (a: readonly string[]) => [...a].sort();
const def = (name: string): Def => {
  const d = schema.definitions[name];
  expect(d, name).toBeDefined();
  return d as Def;
};

/** The lab files the project ships, as JS values. */
function shippedLabFiles(): { path: string; value: unknown }[] {
  // Directories only: labs/README.md is the catalog.
  const dirs = readdirSync("labs", { withFileTypes: true }).filter((d) => d.isDirectory());
  return dirs.map(({ name: dir }) => {
    const path = join("labs", dir, "lab.yaml");
    const file = readYamlFile(path);
    expect(file.diagnostics, path).toEqual([]);
    return { path, value: file.docs[0]?.value };
  });
}

describe("schema/lab.schema.json", () => {
  it("uses only the JSON Schema keywords the test validator implements", () => {
    expect(unsupportedKeywords(schema as Schema)).toEqual([]);
  });

  it("accepts every lab.yaml under labs/", () => {
    const labs = shippedLabFiles();
    expect(labs.length).toBeGreaterThanOrEqual(6);
    for (const { path, value } of labs) expect(validate(schema as Schema, value), path).toEqual([]);
  });

  it("is named by each shipped lab.yaml's yaml-language-server line and by the README", () => {
    for (const { path } of shippedLabFiles())
      expect(readFileSync(path, "utf8"), path).toContain(
        "# yaml-language-server: $schema=../../schema/lab.schema.json",
      );
    expect(readFileSync("README.md", "utf8")).toContain("# yaml-language-server: $schema=");
    expect(readFileSync("README.md", "utf8")).toContain(SCHEMA_PATH);
  });

  it("has the lab file's fields, as the reader accepts them", () => {
    expect(names(schema.properties)).toEqual(sorted(LAB_FILE_FIELDS));
    expect(schema.required).toEqual(["topology"]);
    expect(schema["additionalProperties"]).toBe(false);
  });

  it("has each check type's fields and required fields, as the reader accepts them", () => {
    const check = def("check");
    expect(check.properties?.["type"]?.enum).toEqual([...CHECK_TYPES]);
    const variants = new Map(
      (check.allOf ?? []).map((c) => [c.if.properties.type.const, c.then.$ref.replace("#/definitions/", "")]),
    );
    expect([...variants.keys()].sort()).toEqual(sorted(CHECK_TYPES));
    for (const type of CHECK_TYPES) {
      const variant = def(variants.get(type) ?? "");
      expect(names(variant.properties), type).toEqual(
        sorted([...CHECK_COMMON_FIELDS, ...CHECK_FIELDS[type]]),
      );
      expect(sorted(variant.required ?? []), type).toEqual(sorted(["type", ...CHECK_REQUIRED[type]]));
      expect(variant.properties?.["type"]?.const, type).toBe(type);
    }
    expect(def("bgpSessionCheck").properties?.["state"]?.enum).toEqual([...BGP_STATES]);
  });

  it("has the scenario, step and nodeFilesystem fields the reader accepts", () => {
    expect(names(def("scenario").properties)).toEqual(sorted(SCENARIO_FIELDS));
    expect(names(def("step").properties)).toEqual(sorted(STEP_KINDS));
    expect(names(def("nodeFilesystem").properties)).toEqual(sorted(NODE_FILESYSTEM_FIELDS));
    const fault = new RegExp(def("step").properties?.["fault"]?.pattern ?? "$^", "u");
    for (const command of FAULT_COMMANDS) expect(fault.test(`${command} x`), command).toBe(true);
    expect(fault.test("unplug tor1:net0")).toBe(false);
  });

  // The same mistakes, refused by both: the reader at a line, the schema at a path.
  const base = "topology: topo.yaml\n";
  const mistakes: [string, string, string][] = [
    ["an unknown lab field", `${base}chekcs: []\n`, "/chekcs"],
    ["a strictFields that is not a boolean", `${base}strictFields: "no"\n`, "/strictFields"],
    ["an unknown check type", `${base}checks: [{type: bgp-sesion, node: a, peer: b}]\n`, "/checks/0/type"],
    [
      "a check field of another type",
      `${base}checks: [{type: ping, from: a, to: b, hops: [x]}]\n`,
      "/checks/0/hops",
    ],
    ["a check without a required field", `${base}checks: [{type: route, node: a}]\n`, "/checks/0"],
    [
      "a bad wait",
      `${base}checks: [{type: route, node: a, prefix: 10.0.0.0/8, wait: soon}]\n`,
      "/checks/0/wait",
    ],
    [
      "a ping count out of range",
      `${base}checks: [{type: ping, from: a, to: b, count: 0}]\n`,
      "/checks/0/count",
    ],
    ["a scenario without steps", `${base}scenarios: [{name: s, steps: []}]\n`, "/scenarios/0/steps"],
    [
      "an unknown scenario field",
      `${base}scenarios: [{name: s, stepz: [], steps: [{sleep: 1s}]}]\n`,
      "/scenarios/0/stepz",
    ],
    [
      "a step with two kinds",
      `${base}scenarios: [{name: s, steps: [{sleep: 1s, fault: node stop a}]}]\n`,
      "/scenarios/0/steps/0",
    ],
    [
      "an unknown fault",
      `${base}scenarios: [{name: s, steps: [{fault: unplug a:b}]}]\n`,
      "/scenarios/0/steps/0/fault",
    ],
    ["an unknown nodeFilesystem field", `${base}nodeFilesystem: {sise: 1Gi}\n`, "/nodeFilesystem/sise"],
    [
      "a nodeFilesystem size in bytes below 4Mi",
      `${base}nodeFilesystem: {size: 4096}\n`,
      "/nodeFilesystem/size",
    ],
    [
      "a nodeFilesystem size in an unknown unit",
      `${base}nodeFilesystem: {size: 512MB}\n`,
      "/nodeFilesystem/size",
    ],
  ];
  it.each(mistakes)("refuses %s, as the reader does", (_what, text, at) => {
    const parsed = parseYaml("/nowhere/lab.yaml", text);
    const doc = parsed.docs[0];
    expect(doc).toBeDefined();
    if (!doc) return;
    const errors = validate(schema as Schema, doc.value);
    expect(errors.map((e) => e.at)).toContain(at);
    // The files it names do not exist here: that error says nothing about the mistake.
    const reader = readLabFile(doc).diagnostics.filter(
      (d) => d.severity === "error" && d.code !== "lab-file-not-found",
    );
    expect(reader.length).toBeGreaterThan(0);
  });
});
