// Pod tolerations as written, checked the way the API server checks them.
import type { Taint, Toleration } from "../model.js";
import type { YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "./doc-reader.js";

export const TAINT_EFFECTS: readonly Taint["effect"][] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const OPERATORS: readonly Toleration["operator"][] = ["Exists", "Equal"];

export function readTolerations(r: DocReader, path: YamlPath): Toleration[] {
  const out: Toleration[] = [];
  (r.array(path) ?? []).forEach((_, i) => {
    const at = [...path, i];
    r.unknownKeys(at, ["key", "operator", "value", "effect", "tolerationSeconds"]);
    const key = r.string([...at, "key"]) ?? "";
    const operatorText = r.string([...at, "operator"]) ?? "Equal";
    const operator = OPERATORS.find((o) => o === operatorText);
    const value = r.string([...at, "value"]) ?? "";
    const effectText = r.string([...at, "effect"]) ?? "";
    const effect = TAINT_EFFECTS.find((e) => e === effectText);
    let ok = true;
    if (operator === undefined) {
      r.error(
        [...at, "operator"],
        "k8s-bad-toleration",
        `toleration operator "${operatorText}" is not valid`,
        suggestOneOf(operatorText, OPERATORS),
      );
      ok = false;
    }
    if (effectText !== "" && effect === undefined) {
      r.error(
        [...at, "effect"],
        "k8s-bad-toleration",
        `toleration effect "${effectText}" is not valid`,
        suggestOneOf(effectText, TAINT_EFFECTS),
      );
      ok = false;
    }
    if (operator === "Exists" && value !== "") {
      r.error(
        [...at, "value"],
        "k8s-bad-toleration",
        "a toleration with operator Exists must not have a value",
        "remove the value, or use operator: Equal",
      );
      ok = false;
    }
    if (operator === "Equal" && key === "") {
      r.error(
        at,
        "k8s-bad-toleration",
        "a toleration without a key must use operator Exists",
        "add a key, or set operator: Exists to tolerate every taint",
      );
      ok = false;
    }
    if (!ok || operator === undefined) return;
    out.push({
      ...(key !== "" ? { key } : {}),
      operator,
      ...(value !== "" ? { value } : {}),
      ...(effect !== undefined ? { effect } : {}),
    });
  });
  return out;
}
