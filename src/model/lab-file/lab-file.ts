// The lab file: fabric's only file format of its own. It names the files of one lab — a
// containerlab topology, a kind cluster config, Cilium BGP resources, workload manifests — so that
// users keep those files exactly as the tools they come from read them.
//
//   name: cilium-bgp                 # optional; defaults to the topology's name
//   topology: bgp-topo.yaml          # required
//   cluster: cluster.yaml            # optional kind Cluster config
//   bgp: [cilium-bgp-peering-policies.yaml]   # one file or a list
//   workloads: [netshoot-ds.yaml]    # one file or a list
//   checks: [...]                    # what `fabric test` asserts (see ../../checks/parse.ts)
//   scenarios: [...]                 # faults and checks in order (see ../../checks/parse-scenarios.ts)
//   nodeFilesystem: {size: 512Mi}    # each node's writable space, system binds (node-filesystem.ts)
//   strictFields: false              # unknown fields are warnings, not errors (as --lenient)
//
// schema/lab.schema.json describes the same fields for editors; test/unit/model/lab-file/schema
// tests keep the two in step.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic, Severity } from "../../errors.js";
import type { YamlDoc } from "../source.js";
import { closest } from "../suggest.js";
import { parseChecks } from "./checks/parse.js";
import type { CheckSpec } from "./checks/spec.js";
import { parseScenarios } from "./checks/parse-scenarios.js";
import type { Scenario } from "./checks/scenario.js";
import { readNodeFilesystem, type NodeFilesystem } from "./node-filesystem.js";

export interface LabFile {
  readonly file: string;
  readonly name?: string;
  /** Absolute paths. */
  readonly topology: string;
  readonly cluster?: string;
  readonly bgp: readonly string[];
  readonly workloads: readonly string[];
  /** What `fabric test` asserts once the lab is up. */
  readonly checks: readonly CheckSpec[];
  /** Faults and checks `fabric test` runs, in order, after `checks`. */
  readonly scenarios?: readonly Scenario[];
  /** Absent in a bare topology file: the defaults apply. */
  readonly nodeFilesystem?: NodeFilesystem;
  /** false: unknown fields in the lab's files are warnings (`--lenient` for this lab). */
  readonly strictFields?: boolean;
}

export interface ReadLabOptions {
  /** `--lenient`: unknown fields are warnings whatever the lab file says. */
  readonly lenient?: boolean;
}

/** Lab names name namespaces, hosts and state paths (see the topology's own name rule). */
const MAX_LAB_NAME = 64;

const FIELDS = [
  "name",
  "topology",
  "cluster",
  "bgp",
  "workloads",
  "checks",
  "scenarios",
  "nodeFilesystem",
  "strictFields",
] as const;

/** The lab file's own top-level fields, for the schema test. */
export const LAB_FILE_FIELDS: readonly string[] = FIELDS;

/** A YAML document is a lab file when it names a topology file by path. */
export function looksLikeLabFile(value: unknown): boolean {
  return isRecord(value) && typeof value["topology"] === "string";
}

export function readLabFile(
  doc: YamlDoc,
  options: ReadLabOptions = {},
): { lab?: LabFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const value = doc.value;
  const base = dirname(doc.file);
  const error = (code: string, message: string, path: (string | number)[], suggestion?: string) =>
    diagnostics.push({
      severity: "error",
      code,
      message,
      location: doc.locate(path),
      ...(suggestion ? { suggestion } : {}),
    });
  if (!isRecord(value)) {
    error("lab-not-a-map", "a lab file must be a map of fields", []);
    return { diagnostics };
  }
  // Read first: it decides how every unknown field, this file's own included, is reported.
  const strictFields = value["strictFields"];
  if (strictFields !== undefined && typeof strictFields !== "boolean")
    error("lab-bad-field", "`strictFields` must be true or false", ["strictFields"]);
  const unknownFields = unknownFieldSeverity(options, strictFields === false ? false : undefined);
  for (const key of Object.keys(value)) {
    if ((FIELDS as readonly string[]).includes(key)) continue;
    const near = closest(key, FIELDS);
    diagnostics.push({
      severity: unknownFields,
      code: "lab-unknown-field",
      message:
        unknownFields === "warning" ? `unknown lab field "${key}" is ignored` : `unknown lab field "${key}"`,
      location: doc.locate([key], "key"),
      suggestion: near ? `did you mean "${near}"?` : `lab fields are ${FIELDS.join(", ")}`,
    });
  }
  const name = value["name"];
  if (name !== undefined && (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name))) {
    error("lab-bad-name", `lab name must be letters, digits, "-", "_" or "."`, ["name"]);
  } else if (typeof name === "string" && name.length > MAX_LAB_NAME) {
    error(
      "lab-bad-name",
      `lab name is ${name.length} characters; it names namespaces, hosts and files, so at most ${MAX_LAB_NAME}`,
      ["name"],
    );
  }
  const topology = value["topology"];
  if (typeof topology !== "string" || topology === "") {
    error(
      "lab-missing-topology",
      "a lab file must name its containerlab topology file",
      ["topology"],
      "add `topology: <file>.yaml`",
    );
  }
  const cluster = value["cluster"];
  if (cluster !== undefined && typeof cluster !== "string") {
    error("lab-bad-field", "`cluster` must be the path of a kind Cluster config", ["cluster"]);
  }
  const bgp = fileList(value["bgp"], "bgp", error);
  const workloads = fileList(value["workloads"], "workloads", error);
  const checks = parseChecks(doc, ["checks"], value["checks"]);
  diagnostics.push(...checks.diagnostics);
  const scenarios = parseScenarios(doc, ["scenarios"], value["scenarios"]);
  diagnostics.push(...scenarios.diagnostics);
  const nodeFilesystem = readNodeFilesystem(doc, value["nodeFilesystem"]);
  diagnostics.push(...nodeFilesystem.diagnostics);
  if (diagnostics.some((d) => d.severity === "error") || typeof topology !== "string") return { diagnostics };
  // Said here, at the line that names the file; a loader could only say the path.
  const named: [string, (string | number)[]][] = [
    [topology, ["topology"]],
    ...(typeof cluster === "string" ? [[cluster, ["cluster"]] as [string, (string | number)[]]] : []),
    ...bgp.map((f, i): [string, (string | number)[]] => [
      f,
      typeof value["bgp"] === "string" ? ["bgp"] : ["bgp", i],
    ]),
    ...workloads.map((f, i): [string, (string | number)[]] => [
      f,
      typeof value["workloads"] === "string" ? ["workloads"] : ["workloads", i],
    ]),
  ];
  for (const [file, path] of named) {
    const absolute = resolve(base, file);
    if (!existsSync(absolute))
      error("lab-file-not-found", `${file} does not exist (looked for ${absolute})`, path);
    else if (!statSync(absolute).isFile()) error("lab-file-not-a-file", `${file} is not a file`, path);
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return {
    lab: {
      file: doc.file,
      ...(typeof name === "string" ? { name } : {}),
      topology: resolve(base, topology),
      ...(typeof cluster === "string" ? { cluster: resolve(base, cluster) } : {}),
      bgp: bgp.map((f) => resolve(base, f)),
      workloads: workloads.map((f) => resolve(base, f)),
      checks: checks.checks,
      scenarios: scenarios.scenarios,
      nodeFilesystem: nodeFilesystem.nodeFilesystem,
      ...(typeof strictFields === "boolean" ? { strictFields } : {}),
    },
    diagnostics,
  };
}

function fileList(
  raw: unknown,
  field: string,
  error: (code: string, message: string, path: (string | number)[]) => void,
): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === "string") return [raw];
  if (Array.isArray(raw)) {
    const files: string[] = [];
    raw.forEach((item, i) => {
      if (typeof item === "string") files.push(item);
      else error("lab-bad-field", `\`${field}\` entries must be file paths`, [field, i]);
    });
    return files;
  }
  error("lab-bad-field", `\`${field}\` must be a file path or a list of file paths`, [field]);
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * How unknown fields are reported: errors by default, as `kubectl apply --validate=strict` and
 * kind do; warnings when the command says `--lenient` or the lab says `strictFields: false`.
 */
export function unknownFieldSeverity(options: ReadLabOptions, strictFields: boolean | undefined): Severity {
  return options.lenient === true || strictFields === false ? "warning" : "error";
}
