// Errors for scripts: with `--format json` a failure is one JSON object on stdout, in place of
// the result it would have printed, and the exit code is the same as in text. A script reads
// stdout as JSON either way and tells the two apart by the `error` key.
import { causesOf, type FabricError } from "../errors.js";

export interface JsonError {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly suggestion: string | null;
    /** The first error's place in the user's files, when the error is about them. */
    readonly file: string | null;
    readonly line: number | null;
    /** Every finding, for a failed validation (empty otherwise). */
    readonly diagnostics: readonly {
      readonly severity: string;
      readonly code: string;
      readonly message: string;
      readonly file: string | null;
      readonly line: number | null;
      readonly col: number | null;
    }[];
    readonly causes: readonly string[];
  };
}

export function fabricErrorJson(err: FabricError): JsonError {
  const first = err.diagnostics.find((d) => d.severity === "error" && d.location) ?? err.diagnostics[0];
  return {
    error: {
      code: err.code,
      message: err.message,
      suggestion: err.suggestion ?? first?.suggestion ?? null,
      file: first?.location?.file ?? null,
      line: first?.location?.line ?? null,
      diagnostics: err.diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        file: d.location?.file ?? null,
        line: d.location?.line ?? null,
        col: d.location?.col ?? null,
      })),
      causes: causesOf(err).map((c) => (c instanceof Error ? c.message : String(c))),
    },
  };
}

/** Commander's own refusals (unknown option, missing argument): `usage`, exit code 2. */
export function usageErrorJson(message: string): JsonError {
  // Commander adds "(run with --help for usage)" on a line of its own: the first line is the error.
  const first = message.split("\n").find((l) => l.trim() !== "") ?? message;
  return plain("usage", first.replace(/^error: /, "").trim());
}

/** A bug: still one JSON object, with the stack for the report. */
export function internalErrorJson(err: unknown): JsonError {
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return plain("internal", stack);
}

function plain(code: string, message: string): JsonError {
  return {
    error: { code, message, suggestion: null, file: null, line: null, diagnostics: [], causes: [] },
  };
}

/**
 * Whether this run asked for JSON: `--format json` or `--format=json` before any `--` (after
 * it, words belong to the command `fabric exec` runs). Read from argv rather than from the
 * parsed options because a failed parse has no options.
 */
export function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") return false;
    if (a === "--format=json" || (a === "--format" && args[i + 1] === "json")) return true;
  }
  return false;
}
