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

/** A copy of `base` with each named file (relative to it) replaced by its edit. */
export function editedLab(
  edits: Record<string, (text: string) => string>,
  base: string = REFERENCE_LAB_DIR,
): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fabric-edited-lab-"));
  made.push(dir);
  cpSync(base, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const p = path.join(dir, file);
    writeFileSync(p, edit(readFileSync(p, "utf8")));
  }
  return dir;
}

export function removeEditedLabs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The errors (not warnings) loadLab reports for a lab directory. */
export function labErrors(lab: string): Diagnostic[] {
  return loadLab(lab).diagnostics.filter((d) => d.severity === "error");
}
