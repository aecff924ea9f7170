// Kubernetes label selectors: reading one (with the API server's checks) and matching labels.
import type { YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { SELECTOR_OPERATORS, type LabelSelector, type SelectorOperator } from "./types.js";

/** undefined when the selector is absent, which callers treat differently from `{}`. */
export function readLabelSelector(r: DocReader, path: YamlPath): LabelSelector | undefined {
  if (r.record(path) === undefined) return undefined;
  r.unknownKeys(path, ["matchLabels", "matchExpressions"]);
  const matchLabels = r.stringMap([...path, "matchLabels"]);
  const matchExpressions: LabelSelector["matchExpressions"][number][] = [];
  (r.array([...path, "matchExpressions"]) ?? []).forEach((_, i) => {
    const at = [...path, "matchExpressions", i];
    const key = r.string([...at, "key"]);
    const operatorText = r.string([...at, "operator"]) ?? "";
    const values = r.stringList([...at, "values"]);
    const operator = SELECTOR_OPERATORS.find((o) => o === operatorText);
    if (key === undefined || key === "") {
      r.error(at, "cilium-bad-selector", "a matchExpressions entry needs a key");
      return;
    }
    if (operator === undefined) {
      r.error(
        [...at, "operator"],
        "cilium-bad-selector-operator",
        `matchExpressions operator "${operatorText}" is not valid`,
        suggestOneOf(operatorText, SELECTOR_OPERATORS),
      );
      return;
    }
    const needsValues = operator === "In" || operator === "NotIn";
    if (needsValues && values.length === 0) {
      r.error([...at, "values"], "cilium-bad-selector", `operator ${operator} needs at least one value`);
      return;
    }
    if (!needsValues && values.length > 0) {
      r.error(
        [...at, "values"],
        "cilium-bad-selector",
        `operator ${operator} takes no values`,
        "remove values",
      );
      return;
    }
    matchExpressions.push({ key, operator, values });
  });
  return { matchLabels, matchExpressions };
}

function matchesExpression(
  operator: SelectorOperator,
  value: string | undefined,
  values: readonly string[],
): boolean {
  switch (operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
  }
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return (
    Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v) &&
    selector.matchExpressions.every((e) => matchesExpression(e.operator, labels[e.key], e.values))
  );
}
