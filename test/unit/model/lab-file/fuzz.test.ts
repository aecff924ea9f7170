// Random mutations of the reference lab's four files (and its lab file): whatever the damage,
// loading the lab reports input errors with a file and line, and never throws.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

const LAB = path.resolve(import.meta.dirname, "../../../../labs/cilium-bgp");
const FILES = [
  "lab.yaml",
  "bgp-topo.yaml",
  "cluster.yaml",
  "cilium-bgp-peering-policies.yaml",
  "netshoot-ds.yaml",
] as const;
const ROUNDS_PER_FILE = 60;

/** mulberry32: a small seeded generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  ": ",
  "- ",
  "&a ",
  "*a",
  "{",
  "}",
  "[",
  "]",
  "'",
  '"',
  "#",
  "\t",
  "---\n",
  "~",
  "!!str ",
  "99999999999999999999",
  "-1",
  "0x10",
  "010.0.0.1",
  "::",
  "/33",
  "null",
  "true",
  "<<: *a",
  "\n  ",
  "é",
  "",
];

function mutate(text: string, rand: () => number): string {
  const lines = text.split("\n");
  const pick = (n: number): number => Math.floor(rand() * n);
  const times = 1 + pick(3);
  for (let i = 0; i < times; i++) {
    const at = pick(lines.length);
    const line = lines[at] ?? "";
    switch (pick(6)) {
      case 0: // drop a line
        lines.splice(at, 1);
        break;
      case 1: // repeat a line (duplicate keys, nodes, list items)
        lines.splice(at, 0, line);
        break;
      case 2: {
        // insert a token inside a line
        const col = pick(line.length + 1);
        lines[at] = line.slice(0, col) + TOKENS[pick(TOKENS.length)]! + line.slice(col);
        break;
      }
      case 3: // change the indentation
        lines[at] = rand() < 0.5 ? `  ${line}` : line.replace(/^ {1,2}/, "");
        break;
      case 4: {
        // replace a value
        lines[at] = line.replace(/: .*$/, `: ${TOKENS[pick(TOKENS.length)]!}`);
        break;
      }
      default: // truncate
        lines.length = at;
    }
  }
  return lines.join("\n");
}

describe("the lab file readers under random damage", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fabric-fuzz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [fileIndex, file] of FILES.entries()) {
    it(`reports located input errors, never throws: ${file}`, () => {
      const original = readFileSync(path.join(LAB, file), "utf8");
      let invalid = 0;
      for (let round = 0; round < ROUNDS_PER_FILE; round++) {
        const seed = fileIndex * 10_000 + round;
        cpSync(LAB, dir, { recursive: true });
        writeFileSync(path.join(dir, file), mutate(original, random(seed)));
        let result: ReturnType<typeof loadLab>;
        try {
          result = loadLab(dir);
        } catch (err) {
          throw new Error(`seed ${seed} (${file}): loadLab threw ${(err as Error).stack}`);
        }
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0) invalid++;
        for (const e of errors) {
          expect(e.location, `seed ${seed} (${file}): ${e.code} ${e.message} has no location`).toBeDefined();
          expect(e.location!.line, `seed ${seed}: ${e.code}`).toBeGreaterThan(0);
        }
        expect(result.lab === undefined, `seed ${seed}: a lab with errors, or none without`).toBe(
          errors.length > 0,
        );
      }
      // A mutator that never broke anything would make this test pass for nothing.
      expect(invalid).toBeGreaterThan(ROUNDS_PER_FILE / 4);
    });
  }
});
