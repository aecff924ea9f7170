// Reads the relative imports of src/ and checks them against the layer order of DESIGN.md §3:
// a module imports only from its own layer or a layer to its left. The order is data here, so
// a change to the architecture is a reviewed change to this list.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Left to right: each group may import from itself and from the groups before it. */
export const LAYERS: readonly (readonly string[])[] = [
  ["errors", "util", "net", "host"],
  ["model", "bgp"],
  ["links"],
  ["runtime"],
  ["state"],
  ["nodes", "k8s"],
  ["lab", "faults", "checks", "generate"],
  ["cli"],
];

export interface ImportEdge {
  /** Paths relative to src/, e.g. "model/model.ts". */
  readonly from: string;
  readonly to: string;
}

/** The top-level unit of a path under src/: its first folder, or the file's stem at the root. */
export function unitOf(file: string): string {
  const parts = file.split("/");
  return parts.length === 1 ? parts[0]!.replace(/\.ts$/, "") : parts[0]!;
}

const SPECIFIER = new RegExp(
  [
    // import x, { a } from "…"; import type { a } from "…"; export { a } from "…"; export * from "…"
    String.raw`^\s*(?:import|export)\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*\{[^}]*\})?)\s*from\s*["'](\.{1,2}\/[^"']+)["']`,
    // import "…" (for its effects)
    String.raw`^\s*import\s*["'](\.{1,2}\/[^"']+)["']`,
    // await import("…"), and import("…").Type in a type position
    String.raw`\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)`,
  ].join("|"),
  "gm",
);

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every relative import (static, re-export or dynamic) of every .ts file under srcDir. */
export function readImports(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, ".ts");
      edges.push({ from: path.relative(srcDir, file), to: path.relative(srcDir, target) });
    }
  }
  return edges;
}

function layerIndex(unit: string): number | undefined {
  const i = LAYERS.findIndex((layer) => layer.includes(unit));
  return i < 0 ? undefined : i;
}

/** Imports that point to a layer to the right of the importer's, or into a unit with no layer. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === b) continue;
    const ia = layerIndex(a);
    const ib = layerIndex(b);
    if (ia === undefined) out.push(`${from}: ${a}/ is in no layer (add it to LAYERS)`);
    else if (ib === undefined) out.push(`${from} -> ${to}: ${b}/ is in no layer (add it to LAYERS)`);
    else if (ib > ia) out.push(`${from} -> ${to}: ${a} (layer ${ia}) may not import ${b} (layer ${ib})`);
  }
  return [...new Set(out)];
}

/** The folder-level graph as "a -> b" lines, and the cycles in it (Tarjan's SCCs larger than one). */
export function folderGraph(edges: readonly ImportEdge[]): { lines: string[]; cycles: string[][] } {
  const adj = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (!adj.has(a)) adj.set(a, new Set());
    if (!adj.has(b)) adj.set(b, new Set());
    if (a !== b) adj.get(a)!.add(b);
  }
  const lines = [...adj]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([a, to]) => (to.size ? [`${a} -> ${[...to].sort().join(", ")}`] : []));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of adj.keys()) if (!index.has(v)) visit(v);
  return { lines, cycles };
}
