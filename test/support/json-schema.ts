// A validator for the subset of JSON Schema (draft-07) that schema/lab.schema.json uses, so the
// tests can check lab files against the published schema without a schema library. A keyword it
// does not implement is an error, never silently ignored: the schema cannot start using one
// without this file learning it.

export type Schema = boolean | { readonly [keyword: string]: unknown };

export interface SchemaError {
  /** JSON pointer-ish path of the value, e.g. `/checks/3/peer`. */
  readonly at: string;
  readonly message: string;
}

/** Keywords that only describe. */
const ANNOTATIONS = new Set(["$schema", "title", "description", "definitions", "default", "examples"]);
const KEYWORDS = new Set([
  "$ref",
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "maxProperties",
  "items",
  "minItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "oneOf",
  "allOf",
  "if",
  "then",
]);

export function validate(root: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, root, value, "", errors);
  return errors;
}

/** Every keyword used anywhere in the schema that this validator does not implement. */
export function unsupportedKeywords(root: Schema): string[] {
  const out = new Set<string>();
  const walk = (s: unknown): void => {
    if (typeof s !== "object" || s === null) return;
    if (Array.isArray(s)) return s.forEach(walk);
    for (const [k, v] of Object.entries(s)) {
      if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) out.add(k);
      if (k === "properties" || k === "definitions")
        Object.values(v as Record<string, unknown>).forEach(walk);
      else if (k !== "enum" && k !== "const" && k !== "required" && k !== "examples") walk(v);
    }
  };
  walk(root);
  return [...out];
}

function check(root: Schema, schema: Schema, value: unknown, at: string, errors: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push({ at, message: "no value is allowed here" });
    return;
  }
  const fail = (message: string): void => {
    errors.push({ at: at || "/", message });
  };
  for (const keyword of Object.keys(schema))
    if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword))
      throw new Error(`json-schema.ts does not implement "${keyword}" (at ${at || "/"})`);

  const s = schema as Record<string, unknown>;
  if (typeof s["$ref"] === "string") check(root, resolveRef(root, s["$ref"]), value, at, errors);
  if (s["type"] !== undefined) {
    const types = Array.isArray(s["type"]) ? (s["type"] as string[]) : [s["type"] as string];
    if (!types.some((t) => hasType(value, t))) {
      fail(`must be ${types.join(" or ")}, not ${typeOf(value)}`);
      return;
    }
  }
  if (Array.isArray(s["enum"]) && !s["enum"].some((e) => e === value))
    fail(`must be one of ${s["enum"].map((e) => JSON.stringify(e)).join(", ")}`);
  if ("const" in s && s["const"] !== value) fail(`must be ${JSON.stringify(s["const"])}`);

  if (typeof value === "string") {
    if (typeof s["minLength"] === "number" && value.length < s["minLength"])
      fail(`must be at least ${s["minLength"]} characters`);
    if (typeof s["maxLength"] === "number" && value.length > s["maxLength"])
      fail(`must be at most ${s["maxLength"]} characters`);
    if (typeof s["pattern"] === "string" && !new RegExp(s["pattern"], "u").test(value))
      fail(`must match ${s["pattern"]}`);
  }
  if (typeof value === "number") {
    if (typeof s["minimum"] === "number" && value < s["minimum"]) fail(`must be at least ${s["minimum"]}`);
    if (typeof s["maximum"] === "number" && value > s["maximum"]) fail(`must be at most ${s["maximum"]}`);
  }
  if (Array.isArray(value)) {
    if (typeof s["minItems"] === "number" && value.length < s["minItems"])
      fail(`must have at least ${s["minItems"]} items`);
    if (s["items"] !== undefined)
      value.forEach((item, i) => check(root, s["items"] as Schema, item, `${at}/${i}`, errors));
  }
  if (isObject(value)) checkObject(root, s, value, at, errors, fail);

  if (Array.isArray(s["allOf"]))
    for (const sub of s["allOf"] as Schema[]) check(root, sub, value, at, errors);
  if (Array.isArray(s["oneOf"])) {
    const alternatives = s["oneOf"] as Schema[];
    const tries = alternatives.map((sub) => errorsOf(root, sub, value, at));
    const passing = tries.filter((e) => e.length === 0).length;
    if (passing > 1) fail("matches more than one alternative");
    if (passing === 0) {
      // The alternative of the value's own type says what is wrong inside it, as editors show it;
      // when no alternative has that type, the first one's type error does.
      const sameType = tries.filter((_, i) => typeFits(root, alternatives[i] ?? true, value));
      const closest = (sameType.length > 0 ? sameType : tries).reduce((best, e) =>
        e.length < best.length ? e : best,
      );
      errors.push(...closest);
    }
  }
  if (s["if"] !== undefined && s["then"] !== undefined) {
    if (errorsOf(root, s["if"] as Schema, value, at).length === 0)
      check(root, s["then"] as Schema, value, at, errors);
  }
}

function errorsOf(root: Schema, schema: Schema, value: unknown, at: string): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, schema, value, at, errors);
  return errors;
}

function checkObject(
  root: Schema,
  s: Record<string, unknown>,
  value: Record<string, unknown>,
  at: string,
  errors: SchemaError[],
  fail: (message: string) => void,
): void {
  const properties = (s["properties"] ?? {}) as Record<string, Schema>;
  for (const key of (s["required"] ?? []) as string[]) if (!(key in value)) fail(`needs "${key}"`);
  const count = Object.keys(value).length;
  if (typeof s["minProperties"] === "number" && count < s["minProperties"])
    fail(`must have at least ${s["minProperties"]} fields`);
  if (typeof s["maxProperties"] === "number" && count > s["maxProperties"])
    fail(`must have at most ${s["maxProperties"]} fields`);
  for (const [key, v] of Object.entries(value)) {
    const sub = properties[key];
    if (sub !== undefined) check(root, sub, v, `${at}/${key}`, errors);
    else if (s["additionalProperties"] === false)
      errors.push({ at: `${at}/${key}`, message: `"${key}" is not allowed here` });
  }
}

/** Whether `value` has the type the schema (after its `$ref`s) declares, or it declares none. */
function typeFits(root: Schema, schema: Schema, value: unknown): boolean {
  if (typeof schema === "boolean") return schema;
  if (typeof schema["$ref"] === "string") return typeFits(root, resolveRef(root, schema["$ref"]), value);
  const type = schema["type"];
  if (type === undefined) return true;
  return (Array.isArray(type) ? (type as string[]) : [type as string]).some((t) => hasType(value, t));
}

function resolveRef(root: Schema, ref: string): Schema {
  const m = /^#\/definitions\/([A-Za-z0-9_-]+)$/.exec(ref);
  const definitions = typeof root === "object" ? (root["definitions"] as Record<string, Schema>) : {};
  const target = m?.[1] !== undefined ? definitions[m[1]] : undefined;
  if (target === undefined) throw new Error(`json-schema.ts cannot resolve $ref ${ref}`);
  return target;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      throw new Error(`json-schema.ts does not know the type "${type}"`);
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
