// From text to one YAML document. A node defined twice is a common slip: the repeated key is named
// (and whether it is a node) at the line of its second occurrence, and the rest of the file is
// still validated.
import type { Diagnostic } from "../../errors.js";
import { parseYaml, YamlDoc, type DescribeDuplicate } from "../source.js";

export interface ParsedTopology {
  readonly doc?: YamlDoc;
  readonly diagnostics: readonly Diagnostic[];
}

const describeDuplicate: DescribeDuplicate = (key, path, firstLine) => {
  const isNode = path.length === 2 && path[0] === "topology" && path[1] === "nodes";
  return isNode
    ? {
        code: "duplicate-node",
        message: `node "${key}" is defined twice (first on line ${firstLine})`,
        suggestion: "rename one of the nodes, or merge the two definitions",
      }
    : {
        code: "duplicate-key",
        message: `key "${key}" appears twice in ${path.length === 0 ? "the top level" : path.join(".")} (first on line ${firstLine})`,
        suggestion: "keep one of the two",
      };
};

export function parseTopologyText(file: string, text: string): ParsedTopology {
  const parsed = parseYaml(file, text, { describeDuplicate });
  const syntax = parsed.diagnostics.filter((d) => d.code !== "duplicate-node" && d.code !== "duplicate-key");
  if (syntax.length > 0) return { diagnostics: parsed.diagnostics };
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
  return { doc: first, diagnostics: [...parsed.diagnostics, ...warnings] };
}
