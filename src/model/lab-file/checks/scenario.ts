// Scenarios: what a lab must survive. Each is a named list of steps run in order — a fault (in
// the words of the fault commands, `link down tor1:net0`), checks (as in `checks:`), or a pause —
// so a lab file reads like the runbook of a failover test.
import type { Location } from "../../../errors.js";
import type { Fault } from "../faults.js";
import type { CheckSpec } from "./spec.js";

export type ScenarioStep =
  | { readonly kind: "fault"; readonly fault: Fault; readonly text: string; readonly location?: Location }
  | { readonly kind: "checks"; readonly checks: readonly CheckSpec[] }
  | { readonly kind: "sleep"; readonly ms: number };

export interface Scenario {
  readonly name: string;
  readonly steps: readonly ScenarioStep[];
  readonly location?: Location;
}

/** Every check of every scenario, for validating targets and counting test cases. */
export function scenarioChecks(scenarios: readonly Scenario[]): CheckSpec[] {
  return scenarios.flatMap((s) => s.steps.flatMap((step) => (step.kind === "checks" ? step.checks : [])));
}
