// Reading the `scenarios:` list of a lab file, every problem reported with its line:
//
//   scenarios:
//     - name: tor1 uplink failover
//       steps:
//         - fault: link down tor1:net0          # link down|up N:IF, node stop|start N, netem N:IF …
//         - checks:                             # checks as in `checks:`, each with its own wait
//             - { type: bgp-prefix, node: router0, prefix: 10.1.2.0/24, present: false }
//         - sleep: 2s
//         - fault: link up tor1:net0
import type { Diagnostic } from "../../../errors.js";
import { FaultSyntaxError, parseFault } from "../faults.js";
import type { YamlDoc, YamlPath } from "../../source.js";
import { didYouMean } from "../../suggest.js";
import { parseChecks, parseDuration } from "./parse.js";
import type { Scenario, ScenarioStep } from "./scenario.js";

export const STEP_KINDS = ["fault", "checks", "sleep"] as const;
export const SCENARIO_FIELDS = ["name", "steps"] as const;

export function parseScenarios(
  doc: YamlDoc,
  path: YamlPath,
  raw: unknown,
): { scenarios: Scenario[]; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const scenarios: Scenario[] = [];
  const error = (
    at: YamlPath,
    code: string,
    message: string,
    suggestion?: string,
    where: "key" | "value" = "value",
  ) =>
    out.push({
      severity: "error",
      code,
      message,
      location: doc.locate(at, where),
      ...(suggestion ? { suggestion } : {}),
    });
  if (raw === undefined || raw === null) return { scenarios, diagnostics: out };
  if (!Array.isArray(raw)) {
    error(path, "scenarios-not-a-list", "`scenarios` must be a list of scenarios");
    return { scenarios, diagnostics: out };
  }
  const names = new Set<string>();
  raw.forEach((item, i) => {
    const at = [...path, i];
    if (!isMap(item))
      return error(at, "scenario-not-a-map", "each scenario is a map with `name` and `steps`");
    for (const key of Object.keys(item)) {
      if (!(SCENARIO_FIELDS as readonly string[]).includes(key))
        error(
          [...at, key],
          "scenario-unknown-field",
          `scenarios have no field "${key}"`,
          didYouMean(key, SCENARIO_FIELDS) ?? "fields: name, steps",
          "key",
        );
    }
    const name = item["name"];
    if (typeof name !== "string" || name.trim() === "") {
      error(at, "scenario-missing-name", "a scenario needs a `name`");
    } else if (names.has(name)) {
      error([...at, "name"], "scenario-duplicate-name", `two scenarios are named "${name}"`);
    } else {
      names.add(name);
    }
    const stepsRaw = item["steps"];
    if (!Array.isArray(stepsRaw) || stepsRaw.length === 0) {
      error(
        stepsRaw === undefined ? at : [...at, "steps"],
        "scenario-no-steps",
        "a scenario needs a non-empty list of `steps`",
      );
      return;
    }
    const before = out.length;
    const steps: ScenarioStep[] = [];
    stepsRaw.forEach((stepRaw, j) => {
      const step = parseStep(doc, [...at, "steps", j], stepRaw, out, error);
      if (step) steps.push(step);
    });
    if (out.length === before && typeof name === "string")
      scenarios.push({ name, steps, location: doc.locate(at) });
  });
  return { scenarios, diagnostics: out };
}

function parseStep(
  doc: YamlDoc,
  at: YamlPath,
  raw: unknown,
  out: Diagnostic[],
  error: (at: YamlPath, code: string, message: string, suggestion?: string, where?: "key" | "value") => void,
): ScenarioStep | undefined {
  const keys = isMap(raw) ? Object.keys(raw) : [];
  if (!isMap(raw) || keys.length !== 1) {
    error(at, "scenario-bad-step", "each step is one of `fault: …`, `checks: [...]` or `sleep: 2s`");
    return undefined;
  }
  const key = keys[0] ?? "";
  const value = raw[key];
  switch (key) {
    case "fault": {
      if (typeof value !== "string") {
        error([...at, key], "scenario-bad-fault", "`fault` is a string like `link down tor1:net0`");
        return undefined;
      }
      try {
        return {
          kind: "fault",
          fault: parseFault(value),
          text: value.trim(),
          location: doc.locate([...at, key]),
        };
      } catch (err) {
        if (!(err instanceof FaultSyntaxError)) throw err;
        error([...at, key], "scenario-bad-fault", err.message);
        return undefined;
      }
    }
    case "checks": {
      const parsed = parseChecks(doc, [...at, key], value);
      out.push(...parsed.diagnostics);
      if (Array.isArray(value) && value.length === 0)
        error([...at, key], "scenario-bad-step", "`checks` in a step needs at least one check");
      return { kind: "checks", checks: parsed.checks };
    }
    case "sleep": {
      const ms = value === undefined || value === null ? undefined : parseDuration(value);
      if (ms === undefined) {
        error([...at, key], "scenario-bad-sleep", "`sleep` must be a duration like 2s or 500ms");
        return undefined;
      }
      return { kind: "sleep", ms };
    }
    default:
      error(
        [...at, key],
        "scenario-bad-step",
        `unknown step "${key}"`,
        didYouMean(key, STEP_KINDS) ?? `steps are ${STEP_KINDS.join(", ")}`,
        "key",
      );
      return undefined;
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
