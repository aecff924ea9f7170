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
  visit,
  type Document,
  type Node,
} from "yaml";
import type { Diagnostic, Location } from "../errors.js";

export type YamlPath = readonly (string | number)[];

/** One document of a (possibly multi-document) YAML file, with its plain value and positions. */
export class YamlDoc {
  /** The document as plain JS values (maps become objects), computed once: toJS walks it all. */
  readonly value: unknown;

  /** Throws AliasBombError when the aliases expand past MAX_ALIAS_COUNT; parseYaml reports it. */
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {
    this.value = toPlain(doc);
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

/**
 * How far aliases may expand: each alias may be resolved this many times in a document. A
 * "billion laughs" file (nine aliases of nine aliases …) passes any size limit and then expands
 * to gigabytes; real topologies use a handful of anchors, if any.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * The largest YAML file read. Parsing is linear, so this bounds memory, not time: a lab of 4,096
 * nodes is about 3 MB of topology.
 */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;

class AliasBombError extends Error {
  constructor(readonly offset: number) {
    super("aliases expand past the limit");
  }
}

function toPlain(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError without a position; point at the first alias instead.
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      let offset = 0;
      visit(doc, {
        Alias(_, node) {
          offset = node.range?.[0] ?? 0;
          return visit.BREAK;
        },
      });
      throw new AliasBombError(offset);
    }
    throw err;
  }
}

/** What a caller says about a key written twice in one map, e.g. a node defined twice. */
export type DescribeDuplicate = (
  key: string,
  path: YamlPath,
  firstLine: number,
) => Pick<Diagnostic, "code" | "message" | "suggestion">;

const genericDuplicate: DescribeDuplicate = (key, path, firstLine) => ({
  code: "duplicate-key",
  message: `key "${key}" appears twice in ${path.length === 0 ? "the top level" : path.join(".")} (first on line ${firstLine})`,
  suggestion: "keep one of the two",
});

export interface ParseOptions {
  readonly describeDuplicate?: DescribeDuplicate;
}

/**
 * Parse YAML text that came from `file` (the name is only used in locations). Repeated keys are
 * found here in one pass with a Map: the yaml library's own check compares every key with every
 * other (quadratic: a map of 150,000 labels took minutes), and reports them as a syntax error that
 * drops the whole document.
 */
export function parseYaml(file: string, text: string, options: ParseOptions = {}): YamlFile {
  if (text.length > MAX_YAML_BYTES) {
    return {
      file,
      docs: [],
      diagnostics: [
        {
          severity: "error",
          code: "file-too-large",
          message: `${file} is ${(text.length / 1024 / 1024).toFixed(1)} MiB; fabric reads YAML files of at most ${MAX_YAML_BYTES / 1024 / 1024} MiB`,
          location: { file, line: 1, col: 1 },
          suggestion: "split the file, or check that it is the file you meant",
        },
      ],
    };
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
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
    const describe = options.describeDuplicate ?? genericDuplicate;
    findDuplicateKeys(doc.contents, [], (key, path, firstOffset, offset) => {
      const { line, col } = lines.linePos(offset);
      diagnostics.push({
        severity: "error",
        ...describe(key, path, lines.linePos(firstOffset).line),
        location: { file, line, col },
      });
    });
    try {
      docs.push(new YamlDoc(file, index, doc, lines));
    } catch (err) {
      if (!(err instanceof AliasBombError)) throw err;
      const { line, col } = lines.linePos(err.offset);
      diagnostics.push({
        severity: "error",
        code: "yaml-aliases",
        message: `YAML aliases expand past the limit (each may be used at most ${MAX_ALIAS_COUNT} times when expanded)`,
        location: { file, line, col },
        suggestion: "write the values out, or use fewer nested aliases (a 'billion laughs' file is refused)",
      });
    }
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

type OnDuplicate = (key: string, path: YamlPath, firstOffset: number, offset: number) => void;

/** Every key written twice in one map, at its second occurrence; linear in the document. */
function findDuplicateKeys(node: unknown, path: YamlPath, report: OnDuplicate): void {
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const offset = (pair.key as Node).range?.[0] ?? 0;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, offset);
      else report(key, path, first, offset);
      findDuplicateKeys(pair.value, [...path, key], report);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => findDuplicateKeys(item, [...path, i], report));
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
