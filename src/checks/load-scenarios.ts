// The scenarios of a loaded lab. The resolved Lab model carries `checks` but not (yet) scenarios,
// so they are read again from the lab file the lab came from; loadLab has already reported that
// file's diagnostics, scenario errors included. Their checks' targets are validated here, against
// the same nodes and pods as `checks:`.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../errors.js";
import { checkTargets } from "../topology/lab/check-targets.js";
import { looksLikeLabFile, readLabFile } from "../topology/lab/lab-file.js";
import { LAB_FILE_NAME } from "../topology/lab/load-lab.js";
import type { Lab } from "../topology/model.js";
import { readYamlFile } from "../topology/source.js";
import { scenarioChecks, type Scenario } from "./scenario.js";

export function loadScenarios(lab: Lab): { scenarios: Scenario[]; diagnostics: Diagnostic[] } {
  const file =
    existsSync(lab.source) && statSync(lab.source).isDirectory()
      ? join(lab.source, LAB_FILE_NAME)
      : lab.source;
  const first = readYamlFile(file).docs[0];
  if (!first || !looksLikeLabFile(first.value)) return { scenarios: [], diagnostics: [] };
  const { lab: labFile, diagnostics } = readLabFile(first);
  const scenarios = [...(labFile?.scenarios ?? [])];
  const errors = diagnostics.filter((d) => d.severity === "error");
  errors.push(...checkTargets(scenarioChecks(scenarios), lab.topology, lab.cluster, lab.workloads));
  return { scenarios, diagnostics: errors };
}
