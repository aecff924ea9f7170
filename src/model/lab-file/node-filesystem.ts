// The lab file's `nodeFilesystem`: how much each node may write, and whether the topology may
// share the host's system directories with its nodes.
//
//   nodeFilesystem:
//     size: 512Mi              # per node; Ki, Mi, Gi or plain bytes; default 256Mi
//     allowSystemBinds: true   # let binds share /, /etc, /usr … (refused otherwise)
//
// A node sees the host's files copy-on-write and writes only into its own space (runtime/netns);
// binds are the one way to share a host path, so a bind of the host's root or of a directory the
// host runs from is refused unless the lab says, here, that it means it.
import type { Diagnostic } from "../../errors.js";
import type { YamlDoc } from "../source.js";

export interface NodeFilesystem {
  readonly sizeBytes: number;
  readonly allowSystemBinds: boolean;
}

const MIB = 1024 * 1024;

/** A node's writable space when the lab file says nothing: room for FRR's logs and a pod's /tmp. */
export const DEFAULT_NODE_WRITABLE_BYTES = 256 * MIB;
/** Below this FRR cannot start (its logs and sockets alone take a few hundred kilobytes). */
const MIN_BYTES = 4 * MIB;

export const DEFAULT_NODE_FILESYSTEM: NodeFilesystem = {
  sizeBytes: DEFAULT_NODE_WRITABLE_BYTES,
  allowSystemBinds: false,
};

const UNITS: Readonly<Record<string, number>> = { "": 1, Ki: 1024, Mi: MIB, Gi: 1024 * MIB };

/** `512Mi` → bytes; undefined for anything else. Pure. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^(\d{1,12})(Ki|Mi|Gi)?$/.exec(value.trim());
  if (!m) return undefined;
  const bytes = Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

export const NODE_FILESYSTEM_FIELDS: readonly string[] = ["size", "allowSystemBinds"];
const FIELDS = NODE_FILESYSTEM_FIELDS;

export function readNodeFilesystem(
  doc: YamlDoc,
  raw: unknown,
): { nodeFilesystem: NodeFilesystem; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (path: string[], code: string, message: string, suggestion: string, key = false) =>
    diagnostics.push({
      severity: "error",
      code,
      message,
      location: doc.locate(["nodeFilesystem", ...path], key ? "key" : undefined),
      suggestion,
    });
  if (raw === undefined || raw === null) return { nodeFilesystem: DEFAULT_NODE_FILESYSTEM, diagnostics };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    at([], "lab-bad-field", "`nodeFilesystem` must be a map", "e.g. `nodeFilesystem: {size: 512Mi}`");
    return { nodeFilesystem: DEFAULT_NODE_FILESYSTEM, diagnostics };
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!FIELDS.includes(key))
      at(
        [key],
        "lab-unknown-field",
        `unknown nodeFilesystem field "${key}"`,
        `its fields are ${FIELDS.join(", ")}`,
        true,
      );
  let sizeBytes = DEFAULT_NODE_WRITABLE_BYTES;
  if (fields["size"] !== undefined) {
    const parsed = parseSize(fields["size"]);
    if (parsed === undefined || parsed < MIN_BYTES)
      at(
        ["size"],
        "lab-bad-size",
        `nodeFilesystem.size ${JSON.stringify(fields["size"])} is not a size of at least 4Mi`,
        "write a whole number with Ki, Mi or Gi, e.g. 512Mi",
      );
    else sizeBytes = parsed;
  }
  const allow = fields["allowSystemBinds"];
  if (allow !== undefined && typeof allow !== "boolean")
    at(
      ["allowSystemBinds"],
      "lab-bad-field",
      "`allowSystemBinds` must be true or false",
      "e.g. `allowSystemBinds: true`",
    );
  return { nodeFilesystem: { sizeBytes, allowSystemBinds: allow === true }, diagnostics };
}
