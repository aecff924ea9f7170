// Small pieces the shape check is built from: type tests on plain YAML values that record a
// diagnostic and yield `undefined` when a value has the wrong type, so that checking goes on.
import type { Diagnostic } from "../../errors.js";
import type { YamlPath } from "../source.js";
import type { Report } from "./diag.js";
import type { Located, RawEntry } from "./raw.js";
import { closest } from "../suggest.js";

export type Obj = Readonly<Record<string, unknown>>;

export interface ShapeContext {
  readonly report: Report;
  readonly diagnostics: Diagnostic[];
}

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/**
 * Warn about keys fabric does not read: known containerlab keys are "accepted but not applied",
 * anything else is unknown, with the nearest known key as a suggestion.
 */
export function checkKeys(
  ctx: ShapeContext,
  obj: Obj,
  path: YamlPath,
  where: string,
  known: readonly string[],
  ignored: readonly string[] = [],
): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    if (ignored.includes(key)) {
      ctx.diagnostics.push(
        ctx.report.warning(
          "field-ignored",
          `fabric does not apply field "${key}" of ${where} yet`,
          [...path, key],
          {
            at: "key",
          },
        ),
      );
      continue;
    }
    const near = closest(key, [...known, ...ignored]);
    ctx.diagnostics.push(
      ctx.report.warning("unknown-field", `unknown field "${key}" in ${where}`, [...path, key], {
        at: "key",
        suggestion:
          near === undefined ? `the fields of ${where} are: ${known.join(", ")}` : `did you mean "${near}"?`,
      }),
    );
  }
}

/** A scalar that containerlab reads as a string; numbers are accepted as their decimal text. */
export function optString(
  ctx: ShapeContext,
  obj: Obj,
  key: string,
  path: YamlPath,
): Located<string> | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const at = [...path, key];
  if (typeof value === "string") return { value, path: at };
  if (typeof value === "number") return { value: String(value), path: at };
  ctx.diagnostics.push(
    ctx.report.error("field-type", `"${key}" must be a string, not ${typeName(value)}`, at),
  );
  return undefined;
}

/** A list of strings (exec, binds); `code` names the rule for a wrong shape. */
export function optStringList(
  ctx: ShapeContext,
  obj: Obj,
  key: string,
  path: YamlPath,
  code: string,
): Located<string>[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const at = [...path, key];
  if (!Array.isArray(value)) {
    ctx.diagnostics.push(
      ctx.report.error(code, `"${key}" must be a list of strings, not ${typeName(value)}`, at, {
        suggestion: `write each entry on its own line starting with "- "`,
      }),
    );
    return undefined;
  }
  const out: Located<string>[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === "string") {
      out.push({ value: item, path: [...at, i] });
    } else {
      ctx.diagnostics.push(
        ctx.report.error(
          code,
          `"${key}" entry ${i + 1} must be a string, not ${typeName(item)}`,
          [...at, i],
          {
            suggestion: isObj(item)
              ? `a ": " inside an unquoted entry makes it a mapping; quote the whole entry`
              : undefined,
          },
        ),
      );
    }
  });
  return out;
}

/** A map of scalars (env, labels); values become strings as containerlab passes them on. */
export function optScalarMap(
  ctx: ShapeContext,
  obj: Obj,
  key: string,
  path: YamlPath,
  code: string,
): RawEntry[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const at = [...path, key];
  if (!isObj(value)) {
    ctx.diagnostics.push(
      ctx.report.error("field-type", `"${key}" must be a mapping, not ${typeName(value)}`, at),
    );
    return undefined;
  }
  const out: RawEntry[] = [];
  for (const [name, v] of Object.entries(value)) {
    const vpath = [...at, name];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      out.push({ key: name, value: String(v), path: vpath });
    } else if (v === null) {
      out.push({ key: name, value: "", path: vpath });
    } else {
      ctx.diagnostics.push(
        ctx.report.error(
          code,
          `${key} "${name}" must be a string, number or boolean, not ${typeName(v)}`,
          vpath,
          {
            suggestion: "quote the value to pass it as one string",
          },
        ),
      );
    }
  }
  return out;
}
