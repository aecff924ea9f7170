// Inheritance, as containerlab applies it: node > group > kind > defaults, field by field.
// Values keep the path of the level they came from, so a rule that rejects an inherited value
// points at the line that actually holds it.
//
// - The kind comes from the node, else from the node's group, else from defaults (a kind entry
//   cannot set a kind); the group from the node, else from its kind's entry, else from defaults.
// - Scalars (image, cmd, entrypoint, startup-config, network-mode, mgmt-ipv4): the most
//   specific level that sets one wins.
// - Maps (env, labels): merged key by key, the most specific level winning per key.
// - exec: containerlab concatenates the lists from defaults, kind, group and node, in that
//   order, dropping a command already present (its MergeStringSlices); we do the same, so a
//   kind-wide command runs before the node's own ones.
// - binds: containerlab merges them from all levels keyed by the path inside the node, the more
//   specific level replacing a bind to the same path. That keying needs parsed binds, so this
//   module collects them in level order and `resolve.ts` applies the replacement.
import type { YamlPath } from "../source.js";
import type { Located, RawEntry, RawNodeDef, RawTopology } from "./raw.js";

export interface EffectiveNode {
  readonly name: string;
  readonly path: YamlPath;
  readonly kind?: Located<string>;
  readonly group?: Located<string>;
  readonly image?: Located<string>;
  readonly cmd?: Located<string>;
  readonly entrypoint?: Located<string>;
  readonly startupConfig?: Located<string>;
  readonly networkMode?: Located<string>;
  readonly mgmtIpv4?: Located<string>;
  readonly exec: readonly Located<string>[];
  /** From the least to the most specific level. */
  readonly binds: readonly Located<string>[];
  readonly env: readonly RawEntry[];
  readonly labels: readonly RawEntry[];
}

type ScalarField = "image" | "cmd" | "entrypoint" | "startupConfig" | "networkMode" | "mgmtIpv4";
const SCALAR_FIELDS: readonly ScalarField[] = [
  "image",
  "cmd",
  "entrypoint",
  "startupConfig",
  "networkMode",
  "mgmtIpv4",
];

export function effectiveNodes(raw: RawTopology): EffectiveNode[] {
  return [...raw.nodes].map(([name, def]) => effectiveNode(raw, name, def));
}

export function effectiveNode(raw: RawTopology, name: string, node: RawNodeDef): EffectiveNode {
  const defaults = raw.defaults;
  const kind = node.kind ?? groupDef(raw, node.group ?? defaults?.group)?.kind ?? defaults?.kind;
  const kindDef = kind ? raw.kinds.get(kind.value) : undefined;
  const group = node.group ?? kindDef?.group ?? defaults?.group;
  const groupEntry = groupDef(raw, group);
  // Most specific first.
  const levels = [node, groupEntry, kindDef, defaults].filter((d): d is RawNodeDef => d !== undefined);
  const scalars: Partial<Record<ScalarField, Located<string>>> = {};
  for (const field of SCALAR_FIELDS) {
    const found = levels.find((d) => d[field] !== undefined)?.[field];
    if (found) scalars[field] = found;
  }
  const leastFirst = [...levels].reverse();
  return {
    name,
    path: node.path,
    ...(kind ? { kind } : {}),
    ...(group ? { group } : {}),
    ...scalars,
    exec: mergeExec(leastFirst.map((d) => d.exec ?? [])),
    binds: leastFirst.flatMap((d) => d.binds ?? []),
    env: mergeEntries(leastFirst.map((d) => d.env ?? [])),
    labels: mergeEntries(leastFirst.map((d) => d.labels ?? [])),
  };
}

function groupDef(raw: RawTopology, group: Located<string> | undefined): RawNodeDef | undefined {
  return group ? raw.groups.get(group.value) : undefined;
}

function mergeExec(lists: readonly (readonly Located<string>[])[]): Located<string>[] {
  const out: Located<string>[] = [];
  for (const list of lists)
    for (const cmd of list) if (!out.some((c) => c.value === cmd.value)) out.push(cmd);
  return out;
}

/** Key by key, a later (more specific) list replacing earlier values but keeping first-seen order. */
function mergeEntries(lists: readonly (readonly RawEntry[])[]): RawEntry[] {
  const merged = new Map<string, RawEntry>();
  for (const list of lists) for (const entry of list) merged.set(entry.key, entry);
  return [...merged.values()];
}
