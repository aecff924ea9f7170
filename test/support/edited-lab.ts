// Copies of a shipped lab directory with some of its files edited, for tests of what the lab
// readers say about an input: each copy is a fresh temporary directory, all removed by
// removeEditedLabs() (call it in afterEach).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Diagnostic } from "../../src/errors.js";
import { loadLab } from "../../src/model/lab-file/load-lab.js";

/** The reference lab, which most reader tests start from. */
export const REFERENCE_LAB_DIR = path.resolve(import.meta.dirname, "../../labs/cilium-bgp");

const made: string[] = [];

/**
 * A copy of `base` with each named file (relative to it) replaced by its edit. With
 * `mustChange`, an edit that changes nothing throws: the test would check the unedited lab.
 */
export function editedLab(
  edits: Record<string, (text: string) => string>,
  base: string = REFERENCE_LAB_DIR,
  opts: { readonly mustChange?: boolean } = {},
): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fabric-edited-lab-"));
  made.push(dir);
  cpSync(base, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const p = path.join(dir, file);
    const before = readFileSync(p, "utf8");
    const after = edit(before);
    if (opts.mustChange && after === before) throw new Error(`edit of ${file} changed nothing`);
    writeFileSync(p, after);
  }
  return dir;
}

/**
 * The diagnostics whose code starts with `codePrefix` for a lab copied from `base` and edited,
 * with the copy's directory taken out (file names only), so tests compare them as written.
 */
export function editedLabDiagnostics(
  base: string,
  edits: Record<string, (text: string) => string>,
  codePrefix: string,
): Diagnostic[] {
  const dir = editedLab(edits, base, { mustChange: true });
  // Paths are shown relative to the current directory: keep the file names only.
  const shownDir = `${path.relative(process.cwd(), dir)}/`;
  return loadLab(dir)
    .diagnostics.filter((d) => d.code.startsWith(codePrefix))
    .map((d) => ({
      ...d,
      message: d.message.replaceAll(shownDir, ""),
      ...(d.location ? { location: { ...d.location, file: path.basename(d.location.file) } } : {}),
    }));
}

export function removeEditedLabs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The errors (not warnings) loadLab reports for a lab directory. */
export function labErrors(lab: string): Diagnostic[] {
  return loadLab(lab).diagnostics.filter((d) => d.severity === "error");
}
