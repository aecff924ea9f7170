// Typed reads from one YAML document that report, rather than throw, when a field has the wrong
// shape. The kind config, the manifests and the Cilium CRDs all read through this, so every
// "expected a string" diagnostic looks the same and points at the value the user wrote.
import type { Diagnostic, Location, Severity } from "../../errors.js";
import type { YamlDoc, YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface ReaderOptions {
  /** Prefix of generic codes: `${prefix}-field-type`, `${prefix}-unknown-field`. */
  readonly codePrefix: string;
  /** Maps a location inside this document to the real file (for YAML embedded in a string). */
  readonly mapLocation?: (location: Location) => Location;
  /**
   * How an unknown field is reported. "error" is the default everywhere, as `kubectl apply`'s
   * strict field validation and kind's strict config decoding refuse them; "warning" is the
   * `--lenient` / `strictFields: false` escape hatch.
   */
  readonly unknownFields: UnknownFields;
}

/** The severity an unknown field gets; see ReaderOptions.unknownFields. */
export type UnknownFields = Severity;

/** The options a loader takes from the lab: only the strictness today. */
export interface StrictnessOptions {
  readonly unknownFields?: UnknownFields;
}

export class DocReader {
  readonly value: unknown;

  constructor(
    readonly doc: YamlDoc,
    readonly diagnostics: Diagnostic[],
    private readonly options: ReaderOptions,
  ) {
    this.value = doc.value; // toJS() walks the whole document: do it once
  }

  at(path: YamlPath, at: "key" | "value" = "value"): Location {
    const location = this.doc.locate(path, at);
    return this.options.mapLocation ? this.options.mapLocation(location) : location;
  }

  report(
    severity: Severity,
    path: YamlPath,
    code: string,
    message: string,
    suggestion?: string,
    at: "key" | "value" = "value",
  ): void {
    const location = this.at(path, at);
    this.diagnostics.push(
      suggestion === undefined
        ? { severity, code, message, location }
        : { severity, code, message, location, suggestion },
    );
  }

  error(path: YamlPath, code: string, message: string, suggestion?: string): void {
    this.report("error", path, code, message, suggestion);
  }

  warn(path: YamlPath, code: string, message: string, suggestion?: string): void {
    this.report("warning", path, code, message, suggestion);
  }

  get(path: YamlPath): unknown {
    let node: unknown = this.value;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === "number") node = node[segment];
      else if (isRecord(node)) node = node[String(segment)];
      else return undefined;
    }
    return node;
  }

  private typeError(path: YamlPath, expected: string, got: unknown): void {
    const shown = got === null ? "null" : Array.isArray(got) ? "a list" : typeof got;
    this.error(
      path,
      `${this.options.codePrefix}-field-type`,
      `${name(path)} must be ${expected}, not ${shown}`,
    );
  }

  string(path: YamlPath): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    this.typeError(path, "a string", v);
    return undefined;
  }

  bool(path: YamlPath): boolean | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    this.typeError(path, "true or false", v);
    return undefined;
  }

  /** An integer within [min, max]; out of range is reported with `rangeCode`. */
  integer(path: YamlPath, min: number, max: number, rangeCode: string): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.typeError(path, "an integer", v);
      return undefined;
    }
    if (v < min || v > max) {
      this.error(path, rangeCode, `${name(path)} ${v} is out of range`, `use a value from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  record(path: YamlPath): Json | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (isRecord(v)) return v;
    this.typeError(path, "a mapping", v);
    return undefined;
  }

  array(path: YamlPath): unknown[] | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.typeError(path, "a list", v);
    return undefined;
  }

  /** A `string → string` map such as labels; non-string values are reported and skipped. */
  stringMap(path: YamlPath): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(this.record(path) ?? {})) {
      if (typeof v === "string") out[key] = v;
      else this.typeError([...path, key], "a string (quote it)", v);
    }
    return out;
  }

  stringList(path: YamlPath): string[] {
    const out: string[] = [];
    (this.array(path) ?? []).forEach((v, i) => {
      if (typeof v === "string") out.push(v);
      else this.typeError([...path, i], "a string", v);
    });
    return out;
  }

  /** Report keys of the mapping at `path` that are not in `known`, at the key's line. */
  unknownKeys(path: YamlPath, known: readonly string[]): void {
    const severity = this.options.unknownFields;
    // A warning says what happens to the field; an error stops the load, so it needs no such note.
    const consequence = severity === "warning" ? "; fabric ignores it" : "";
    for (const key of Object.keys(this.record(path) ?? {})) {
      if (known.includes(key)) continue;
      this.report(
        severity,
        [...path, key],
        `${this.options.codePrefix}-unknown-field`,
        `unknown field "${key}"${path.length > 0 ? ` in ${name(path)}` : ""}${consequence}`,
        suggestOneOf(key, known),
        "key",
      );
    }
  }
}

/** `spec.bgpInstances[0].peers[1].peerASN` for messages. */
export function name(path: YamlPath): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
