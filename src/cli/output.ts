// How results and errors look on a terminal. chalk lives here and nowhere else.
import chalk from "chalk";
import { formatDiagnostic, type Diagnostic, type FabricError } from "../errors.js";

export type OutputFormat = "text" | "json";

export function printError(err: FabricError): void {
  const lines: string[] = [];
  if (err.diagnostics.length > 0) {
    for (const d of err.diagnostics) lines.push(colourDiagnostic(d));
  }
  lines.push(`${chalk.red("error:")} ${err.message}`);
  if (err.suggestion) lines.push(`${chalk.cyan("hint:")} ${err.suggestion}`);
  process.stderr.write(lines.join("\n") + "\n");
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
