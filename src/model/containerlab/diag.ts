// Building diagnostics that point into the topology file. Rules name a YAML path; this turns it
// into file:line:col so no rule has to know about the YAML document.
import type { Diagnostic, Severity } from "../../errors.js";
import type { YamlDoc, YamlPath } from "../source.js";

export interface Report {
  error(code: string, message: string, path: YamlPath, more?: ReportOptions): Diagnostic;
  warning(code: string, message: string, path: YamlPath, more?: ReportOptions): Diagnostic;
}

export interface ReportOptions {
  readonly suggestion?: string | undefined;
  /** Point at the key instead of the value (unknown and duplicate fields). */
  readonly at?: "key" | "value";
}

export function reporter(doc: YamlDoc): Report {
  const make =
    (severity: Severity) =>
    (code: string, message: string, path: YamlPath, more: ReportOptions = {}): Diagnostic => ({
      severity,
      code,
      message,
      location: doc.locate(path, more.at ?? "value"),
      ...(more.suggestion === undefined ? {} : { suggestion: more.suggestion }),
    });
  return { error: make("error"), warning: make("warning") };
}

/** Sort by line then column (unlocated first) and drop exact repeats, which inherited values produce. */
export function tidy(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.code}|${d.location?.line}|${d.location?.col}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0),
  );
}
