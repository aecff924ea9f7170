// Reading one check's map field by field, each problem a diagnostic at that field's line.
import type { Diagnostic } from "../../../errors.js";
import type { YamlDoc, YamlPath } from "../../source.js";

export class CheckFields {
  constructor(
    private readonly doc: YamlDoc,
    readonly at: YamlPath,
    readonly map: Readonly<Record<string, unknown>>,
    private readonly out: Diagnostic[],
  ) {}

  /** Report a problem at `key` (or at the check itself when `key` is undefined). */
  error(
    key: string | undefined,
    code: string,
    message: string,
    suggestion?: string,
    where: "key" | "value" = "value",
  ): void {
    this.out.push(
      diagnostic(this.doc, key === undefined ? this.at : [...this.at, key], code, message, suggestion, where),
    );
  }

  has(key: string): boolean {
    return this.map[key] !== undefined;
  }

  /** A string (numbers are taken as their text, as YAML users write ports and addresses). */
  str(key: string): string | undefined {
    const v = this.map[key];
    if (v === undefined) return undefined;
    if (typeof v === "string" || typeof v === "number") return String(v);
    this.error(key, "check-bad-field", `\`${key}\` must be a string`);
    return undefined;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.map[key];
    if (v === undefined) return fallback;
    if (typeof v === "boolean") return v;
    this.error(key, "check-bad-field", `\`${key}\` must be true or false`);
    return fallback;
  }
}

export function diagnostic(
  doc: YamlDoc,
  path: YamlPath,
  code: string,
  message: string,
  suggestion?: string,
  where: "key" | "value" = "value",
): Diagnostic {
  return {
    severity: "error",
    code,
    message,
    location: doc.locate(path, where),
    ...(suggestion ? { suggestion } : {}),
  };
}
