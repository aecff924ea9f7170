// Reading YAML while keeping where every value was written, so that each diagnostic can say
// `file:line:col`. Everything downstream works on plain JS values (`toJS()`); this module is the
// bridge back from a path in those values to a position in the text.
import { readFileSync } from "node:fs";
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from "yaml";
import type { Diagnostic, Location } from "../errors.js";

export type YamlPath = readonly (string | number)[];

/** One document of a (possibly multi-document) YAML file, with its plain value and positions. */
export class YamlDoc {
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** The document as plain JS values (maps become objects). */
  get value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /**
   * The position of the value at `path` (or of its key with `at: "key"`). When the path does not
   * exist (a missing field), the nearest existing ancestor is used, which is where the user must
   * add it.
   */
  locate(path: YamlPath, at: "key" | "value" = "value"): Location {
    let node: unknown = this.doc.contents;
    let offset = offsetOf(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) break;
        const keyOffset = offsetOf(pair.key);
        node = pair.value;
        offset =
          (at === "key" && segment === path[path.length - 1] ? keyOffset : offsetOf(node)) ??
          keyOffset ??
          offset;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        offset = offsetOf(node) ?? offset;
      } else {
        break;
      }
    }
    return this.position(offset);
  }

  position(offset: number): Location {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

export interface YamlFile {
  readonly file: string;
  readonly docs: readonly YamlDoc[];
  /** Syntax errors; when there are any, `docs` holds only the documents that parsed cleanly. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse YAML text that came from `file` (the name is only used in locations). */
export function parseYaml(file: string, text: string): YamlFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  // parseAllDocuments returns an EmptyStream (an array with an `empty` flag) for blank input.
  const all = Array.isArray(parsed) ? parsed : [];
  const diagnostics: Diagnostic[] = [];
  const docs: YamlDoc[] = [];
  all.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const { line, col } = lines.linePos(err.pos[0]);
        diagnostics.push({
          severity: "error",
          code: "yaml-syntax",
          message: `YAML syntax error: ${firstLine(err.message)}`,
          location: { file, line, col },
          suggestion: "check the indentation and quoting on this line and the one before it",
        });
      }
      return;
    }
    if (doc.contents === null) return; // an empty document between `---` markers
    docs.push(new YamlDoc(file, index, doc, lines));
  });
  return { file, docs, diagnostics };
}

/** Read and parse a YAML file; a missing or unreadable file is a diagnostic, not an exception. */
export function readYamlFile(file: string, shownAs: string = file): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(err);
    return {
      file: shownAs,
      docs: [],
      diagnostics: [
        { severity: "error", code: "file-unreadable", message: `cannot read ${shownAs}: ${reason}` },
      ],
    };
  }
  return parseYaml(shownAs, text);
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
