// How results and errors look on a terminal. chalk lives here and nowhere else.
import chalk from "chalk";
import { causesOf, formatDiagnostic, InternalError, type Diagnostic, type FabricError } from "../errors.js";

export type OutputFormat = "text" | "json";

export function printError(err: FabricError): void {
  process.stderr.write(formatError(err) + "\n");
}

/**
 * Diagnostics, the message, the hint, then each cause that adds something: a cause whose
 * message is already in the text above (a wrapper that quoted it) is not repeated. A broken
 * invariant among the causes is a bug, printed with its stack as formatInternal does.
 */
export function formatError(err: FabricError): string {
  const lines: string[] = err.diagnostics.map(colourDiagnostic);
  lines.push(`${chalk.red("error:")} ${err.message}`);
  if (err.suggestion) lines.push(`${chalk.cyan("hint:")} ${err.suggestion}`);
  for (const cause of causesOf(err)) {
    if (cause instanceof InternalError) return [...lines, formatInternal(cause)].join("\n");
    const text = cause instanceof Error ? cause.message : String(cause);
    if (text === "" || lines.some((l) => l.includes(text))) continue;
    lines.push(`${chalk.dim("cause:")} ${text}`);
  }
  return lines.join("\n");
}

/** A bug (an InternalError, or anything thrown that is not a FabricError): every stack in its chain. */
export function formatInternal(err: unknown): string {
  const stack = (e: unknown) => (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  return [
    "fabric: internal error (please report it):",
    stack(err),
    ...causesOf(err).map((c) => `caused by: ${stack(c)}`),
  ].join("\n");
}

export function colourDiagnostic(d: Diagnostic): string {
  const text = formatDiagnostic(d);
  return d.severity === "error" ? text : chalk.yellow(text);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function heading(text: string): string {
  return chalk.bold(text);
}

/** A plain aligned table: no borders, so it pastes cleanly into issues and CI logs. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [chalk.bold(fmt(headers)), ...rows.map(fmt)].join("\n");
}
