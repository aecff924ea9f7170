// Generated labs on disk, read back through fabric's own loader, for the generator's and
// validate's tests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import {
  checkClosParams,
  generateLab,
  type GeneratedLab,
  type RawClosParams,
} from "../../../src/generate/index.js";
import { loadLab, type LabResult } from "../../../src/model/lab-file/load-lab.js";

export const DEFAULTS: RawClosParams = {
  name: "gen-test",
  spines: "2",
  racks: "2",
  nodesPerRack: "2",
  fabric: "ebgp-unnumbered",
  nodePeering: "ibgp",
  checks: "full",
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export interface WrittenLab {
  readonly dir: string;
  readonly generated: GeneratedLab;
  /** Rewrite one generated file before loading (to break it on purpose). */
  edit(file: string, change: (text: string) => string): void;
  /** A file as it is now on disk (after any edits). */
  text(file: string): string;
  load(): LabResult;
}

export function writeLab(overrides: Partial<RawClosParams> = {}): WrittenLab {
  const generated = generateLab(checkClosParams({ ...DEFAULTS, ...overrides }));
  const dir = mkdtempSync(join(tmpdir(), "fabric-gen-"));
  dirs.push(dir);
  const texts = new Map(generated.files.map((f) => [f.path, f.text]));
  for (const [path, text] of texts) writeFileSync(join(dir, path), text);
  return {
    dir,
    generated,
    edit(file, change) {
      const text = texts.get(file);
      if (text === undefined) throw new Error(`no generated file ${file}`);
      const changed = change(text);
      if (changed === text) throw new Error(`the edit changed nothing in ${file}`);
      texts.set(file, changed);
      writeFileSync(join(dir, file), changed);
    },
    text: (file) => texts.get(file) ?? "",
    load: () => loadLab(dir),
  };
}
