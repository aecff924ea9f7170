// YAML as people write it: a comment on top, no folding of long lines (vtysh lines stay one line
// each), and short lists or maps inline where the reference lab writes them inline. Pure.
import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit } from "yaml";

export interface YamlOptions {
  /** Comment lines above the document (without `#`). */
  readonly header?: readonly string[];
  /** Keys whose values are written inline (`endpoints: ["a:net0", "b:net0"]`). */
  readonly flowKeys?: readonly string[];
  /** Keys whose list items are each written as one inline map (`- { type: ping, … }`). */
  readonly flowItemsOf?: readonly string[];
}

export function yamlDocument(value: unknown, options: YamlOptions = {}): string {
  const doc = new Document(value);
  if (options.header && options.header.length > 0)
    doc.commentBefore = options.header.map((l) => (l === "" ? "" : ` ${l}`)).join("\n");
  const flowKeys = new Set(options.flowKeys ?? []);
  const flowItemsOf = new Set(options.flowItemsOf ?? []);
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (flowKeys.has(key) && (isSeq(pair.value) || isMap(pair.value))) {
        pair.value.flow = true;
        // `["spine0:net0", "tor0:net0"]`, quoted as the reference lab writes endpoints.
        if (isSeq(pair.value))
          for (const item of pair.value.items) if (isScalar(item)) item.type = Scalar.QUOTE_DOUBLE;
      }
      if (flowItemsOf.has(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      }
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Several documents in one file, separated by `---` as kubectl and Cilium's examples write them. */
export function yamlStream(values: readonly unknown[], options: YamlOptions = {}): string {
  return values.map((v, i) => yamlDocument(v, i === 0 ? options : { ...options, header: [] })).join("---\n");
}
