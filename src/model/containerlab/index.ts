// Reading a containerlab topology file into the resolved `Topology` (DESIGN.md §4.7):
// text → YAML document → shape check (raw types) → inheritance → every rule → resolve.
// Every problem found on the way is a diagnostic; a topology is returned only without errors.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { hasErrors, type Diagnostic } from "../../errors.js";
import type { Topology } from "../model.js";
import { reporter, tidy } from "./diag.js";
import { effectiveNodes, type EffectiveNode } from "./merge.js";
import { parseTopologyText } from "./parse.js";
import { resolveTopology } from "./resolve.js";
import { runRules } from "./rules/index.js";
import { checkShape } from "./shape.js";

export interface TopologyOptions {
  /** Names of Kubernetes nodes that exist beside this topology (from a lab's kind cluster file),
   *  valid as `network-mode: container:<name>` targets. */
  readonly clusterNodeNames?: ReadonlySet<string>;
  /** The cluster file has errors of its own: targets that may be its nodes are not reported again. */
  readonly clusterUnreadable?: boolean;
  /** The lab file's `nodeFilesystem.allowSystemBinds`: binds may share /, /etc, /usr … */
  readonly allowSystemBinds?: boolean;
}

export interface KindClusterRef {
  readonly node: string;
  readonly configFile: string;
}

export interface TopologyResult {
  /** Present when there are no errors. */
  readonly topology?: Topology;
  /** Every error and warning, sorted by line. */
  readonly diagnostics: readonly Diagnostic[];
  /** k8s-kind nodes: cluster name (node name) and absolute path of their kind config, so the
   *  caller can load those clusters before resolving. Present even when there are errors. */
  readonly kindClusters: readonly KindClusterRef[];
}

export function loadTopology(file: string, options: TopologyOptions = {}): TopologyResult {
  const text = readText(file);
  if (typeof text !== "string") return { diagnostics: [text], kindClusters: [] };
  return resolveTopologyText(file, text, options);
}

/** For tests and callers that hold the text; relative paths resolve against dirname(file). */
export function resolveTopologyText(
  file: string,
  text: string,
  options: TopologyOptions = {},
): TopologyResult {
  const parsed = parseTopologyText(file, text);
  if (!parsed.doc) return { diagnostics: tidy(parsed.diagnostics), kindClusters: [] };
  const doc = parsed.doc;
  const shape = checkShape(doc);
  if (!shape.raw)
    return { diagnostics: tidy([...parsed.diagnostics, ...shape.diagnostics]), kindClusters: [] };
  const raw = shape.raw;
  const baseDir = dirname(resolve(file));
  const nodes = effectiveNodes(raw);
  const ruleFindings = runRules({
    raw,
    nodes,
    byName: new Map(nodes.map((n) => [n.name, n])),
    report: reporter(doc),
    baseDir,
    clusterNodeNames: options.clusterNodeNames ?? new Set(),
    clusterUnreadable: options.clusterUnreadable ?? false,
    allowSystemBinds: options.allowSystemBinds ?? false,
  });
  const diagnostics = tidy([...parsed.diagnostics, ...shape.diagnostics, ...ruleFindings]);
  const kindClusters = kindClustersFrom(nodes, baseDir);
  if (hasErrors(diagnostics)) return { diagnostics, kindClusters };
  return { topology: resolveTopology({ file, doc, raw, nodes, baseDir }), diagnostics, kindClusters };
}

/** A cheap pre-read for the k8s-kind nodes' cluster configs; problems are left to loadTopology. */
export function kindClustersOf(file: string): KindClusterRef[] {
  const text = readText(file);
  if (typeof text !== "string") return [];
  const parsed = parseTopologyText(file, text);
  const raw = parsed.doc ? checkShape(parsed.doc).raw : undefined;
  return raw ? kindClustersFrom(effectiveNodes(raw), dirname(resolve(file))) : [];
}

function kindClustersFrom(nodes: readonly EffectiveNode[], baseDir: string): KindClusterRef[] {
  return nodes.flatMap((n) =>
    n.kind?.value === "k8s-kind" && n.startupConfig
      ? [{ node: n.name, configFile: resolve(baseDir, n.startupConfig.value) }]
      : [],
  );
}

function readText(file: string): string | Diagnostic {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(err);
    return { severity: "error", code: "file-unreadable", message: `cannot read ${file}: ${reason}` };
  }
}
