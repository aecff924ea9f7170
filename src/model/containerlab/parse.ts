// From text to one YAML document. The yaml library reports a repeated key as a generic syntax
// error and then gives us no document; a node defined twice is a common slip, so we re-parse
// with repeats allowed, name each repeated key (and whether it is a node) at the line of its
// second occurrence, and carry on validating the rest of the file.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "../../errors.js";
import { parseYaml, YamlDoc, type YamlPath } from "../source.js";

export interface ParsedTopology {
  readonly doc?: YamlDoc;
  readonly diagnostics: readonly Diagnostic[];
}

const DUPLICATE_KEY_MESSAGE = "Map keys must be unique";

export function parseTopologyText(file: string, text: string): ParsedTopology {
  const parsed = parseYaml(file, text);
  const duplicates = parsed.diagnostics.filter((d) => d.message.includes(DUPLICATE_KEY_MESSAGE));
  const others = parsed.diagnostics.filter((d) => !d.message.includes(DUPLICATE_KEY_MESSAGE));
  if (others.length > 0) return { diagnostics: parsed.diagnostics };
  if (duplicates.length > 0) return reparseWithDuplicates(file, text);
  const [first, ...rest] = parsed.docs;
  if (!first) {
    return {
      diagnostics: [
        {
          severity: "error",
          code: "topology-empty",
          message: `${file} is empty`,
          location: { file, line: 1, col: 1 },
          suggestion: "a containerlab topology starts with `name:` and a `topology:` section",
        },
      ],
    };
  }
  const extra = rest[0];
  const warnings: Diagnostic[] = extra
    ? [
        {
          severity: "warning",
          code: "topology-extra-documents",
          message: "only the first YAML document of a topology file is read",
          location: extra.locate([]),
        },
      ]
    : [];
  return { doc: first, diagnostics: warnings };
}

function reparseWithDuplicates(file: string, text: string): ParsedTopology {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const doc = new YamlDoc(file, 0, document, lines);
  const diagnostics: Diagnostic[] = [];
  findDuplicates(document.contents, [], (key, path, firstOffset, offset) => {
    const firstLine = lines.linePos(firstOffset).line;
    const { line, col } = lines.linePos(offset);
    const isNode = path.length === 2 && path[0] === "topology" && path[1] === "nodes";
    diagnostics.push({
      severity: "error",
      code: isNode ? "duplicate-node" : "duplicate-key",
      message: isNode
        ? `node "${key}" is defined twice (first on line ${firstLine})`
        : `key "${key}" appears twice in ${path.length === 0 ? "the top level" : path.join(".")} (first on line ${firstLine})`,
      location: { file, line, col },
      suggestion: isNode ? "rename one of the nodes, or merge the two definitions" : "keep one of the two",
    });
  });
  return { doc, diagnostics };
}

type OnDuplicate = (key: string, path: YamlPath, firstOffset: number, offset: number) => void;

function findDuplicates(node: unknown, path: YamlPath, report: OnDuplicate): void {
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const offset = (pair.key as Node).range?.[0] ?? 0;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, offset);
      else report(key, path, first, offset);
      findDuplicates(pair.value, [...path, key], report);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => findDuplicates(item, [...path, i], report));
  }
}
