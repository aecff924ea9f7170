// One error type for the whole program (DESIGN.md §4.9): a stable code scripts can match on,
// a message for people, and a suggestion when we know what the user should do next.
// The CLI is the only place that turns these into output and exit codes.

/** Where in a user's file something was written; line and col are 1-based. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export const Severity = { error: "error", warning: "warning" } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One finding about the user's input. Validation collects all of them, never just the first. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable, kebab-case identifier, e.g. `link-unknown-node`. */
  readonly code: string;
  readonly message: string;
  readonly location?: Location;
  readonly suggestion?: string;
}

export function formatLocation(loc: Location | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : "";
}

/** `file:line:col: message` with the suggestion on its own line, as compilers print it. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : "";
  const level = d.severity === "warning" ? "warning: " : "";
  const hint = d.suggestion ? `\n  hint: ${d.suggestion}` : "";
  return `${where}${level}${d.message}${hint}`;
}

export interface FabricErrorOptions {
  readonly suggestion?: string;
  readonly cause?: unknown;
  /** Every problem found, when the error stands for a failed validation. */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * Exit codes the CLI uses. `usage` (2) covers invalid input as well as bad flags, so a CI job
 * can tell "my lab is wrong" (2) from "my fabric is broken" (1).
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class FabricError extends Error {
  override readonly name = "FabricError";
  readonly code: string;
  readonly suggestion: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: FabricErrorOptions & { exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** The user's files are wrong: carries every error found, exit code 2. */
export class ValidationError extends FabricError {
  constructor(diagnostics: readonly Diagnostic[], message?: string) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super("invalid-input", message ?? `${errors} error${errors === 1 ? "" : "s"} in the lab's files`, {
      diagnostics,
      exitCode: ExitCode.usage,
    });
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** For `switch` statements over discriminated unions: a compile error when a case is missed. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
