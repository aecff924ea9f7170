// Rules about the lab as a whole and its nodes: name, node names, kinds, groups.
import type { Diagnostic } from "../../../errors.js";
import { NODE_KINDS } from "../../model.js";
import type { YamlPath } from "../../source.js";
import type { Report } from "../diag.js";
import { classifyKind } from "../kinds.js";
import { didYouMean } from "../../suggest.js";
import type { RuleContext } from "./context.js";

/**
 * Lab and node names become hostnames (HOST_NAME_MAX is 64), network namespace and container names
 * and state paths; past this they fail at deploy, after things were created.
 */
export const MAX_NAME_LENGTH = 64;

function tooLong(what: string, name: string): string {
  return `${what} name "${name.length > 40 ? `${name.slice(0, 37)}...` : name}" is ${name.length} characters; names name hosts, namespaces and files, so at most ${MAX_NAME_LENGTH}`;
}

export function labNameRequired({ raw, report }: RuleContext): Diagnostic[] {
  if (raw.name && raw.name.value.length > MAX_NAME_LENGTH) {
    return [report.error("topology-name-too-long", tooLong("lab", raw.name.value), raw.name.path)];
  }
  if (raw.name && raw.name.value.trim() !== "") return [];
  return [
    report.error("topology-name-missing", "the topology has no `name`", raw.name?.path ?? [], {
      suggestion: "add `name: <lab name>` at the top of the file; it names the lab and its nodes",
    }),
  ];
}

export function nodesRequired({ raw, report }: RuleContext): Diagnostic[] {
  if (raw.nodes.size > 0) return [];
  return [
    report.error("topology-no-nodes", "the topology defines no nodes", raw.nodesPath, {
      suggestion: "add nodes under `topology.nodes`, e.g. `router0: {kind: linux}`",
    }),
  ];
}

/** containerlab allows letters, digits, `-`, `_` and `.` in node names (they name containers). */
const NODE_NAME = /^[A-Za-z0-9_.-]+$/;

export function nodeNamesValid({ nodes, report }: RuleContext): Diagnostic[] {
  const tooLongNames = nodes
    .filter((n) => n.name.length > MAX_NAME_LENGTH)
    .map((n) =>
      report.error("node-name-too-long", tooLong("node", n.name), n.path, {
        at: "key",
        suggestion: "use a shorter node name (and the same name where links and checks refer to it)",
      }),
    );
  const invalid = nodes
    .filter((n) => !NODE_NAME.test(n.name))
    .map((n) =>
      report.error(
        "node-name-invalid",
        `node name "${n.name}" may only hold letters, digits, "-", "_" and "."`,
        n.path,
        {
          at: "key",
          suggestion: `e.g. "${n.name.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "")}"`,
        },
      ),
    );
  return [...tooLongNames, ...invalid];
}

const NOT_YET_HINT = `fabric runs ${NODE_KINDS.join(", ")}; use kind linux with an FRR image for a router`;

export function nodeKindsKnown({ nodes, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of nodes) {
    if (!node.kind) {
      out.push(
        report.error("node-kind-missing", `node "${node.name}" has no kind`, node.path, {
          at: "key",
          suggestion: "set `kind:` on the node, its group, or under topology.defaults",
        }),
      );
      continue;
    }
    out.push(...kindFindings(node.kind.value, node.kind.path, report));
  }
  return out;
}

/** Entries under `topology.kinds` must name real kinds, or their settings silently apply to nothing. */
export function kindEntriesKnown({ raw, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [kind, def] of raw.kinds) {
    const found = classifyKind(kind);
    if (found.type === "unknown") {
      out.push(
        report.error("unknown-kind", `unknown kind "${kind}" under topology.kinds`, def.path, {
          at: "key",
          suggestion: found.suggestion ? `did you mean "${found.suggestion}"?` : NOT_YET_HINT,
        }),
      );
    }
  }
  return out;
}

function kindFindings(kind: string, path: YamlPath, report: Report): Diagnostic[] {
  const found = classifyKind(kind);
  switch (found.type) {
    case "runs":
      return [];
    case "not-yet":
      return [
        report.error(
          "kind-unsupported",
          `kind ${kind} is a containerlab kind fabric does not run yet`,
          path,
          {
            suggestion: NOT_YET_HINT,
          },
        ),
      ];
    case "unknown":
      return [
        report.error("unknown-kind", `unknown kind "${kind}"`, path, {
          suggestion: found.suggestion ? `did you mean "${found.suggestion}"?` : NOT_YET_HINT,
        }),
      ];
  }
}

/**
 * containerlab treats `group` as a free-form label (it sorts nodes in graphs), so a group that is
 * not defined under topology.groups is legal there; we warn, since it is most often a typo.
 */
export function groupsKnown({ nodes, raw, report }: RuleContext): Diagnostic[] {
  return nodes
    .filter((n) => n.group && !raw.groups.has(n.group.value))
    .map((n) =>
      report.warning(
        "unknown-group",
        `group "${n.group?.value}" is not defined under topology.groups, so it only labels node "${n.name}"`,
        n.group?.path ?? n.path,
        {
          suggestion:
            didYouMean(n.group?.value ?? "", raw.groups.keys()) ??
            (raw.groups.size > 0 ? `defined groups: ${[...raw.groups.keys()].join(", ")}` : undefined),
        },
      ),
    );
}
