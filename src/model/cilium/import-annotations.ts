// fabric's route import, asked for on a CiliumBGPPeerConfig with annotations: Cilium ignores
// annotations it does not know, so the same manifest still applies unchanged to a real cluster
// (where routes stay rejected, as Cilium >= 1.16 does), while fabric keeps the peer's routes,
// selects best paths and installs them in the node's kernel.
//
//   metadata:
//     annotations:
//       fabric.dev/import-routes: "true"    # keep and install what peers using this config send
//       fabric.dev/max-prefixes: "1000"     # Cease/1 (RFC 4486) above this, per address family
//
// Annotation values are strings in Kubernetes (a bare `true` fails `kubectl apply`), so a YAML
// boolean or number is refused here too, with the quoted form as the fix.
import { DEFAULT_MAX_PREFIXES, type InboundPolicy } from "../../bgp/config/speaker-config.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { suggestOneOf } from "../suggest.js";

export const ANNOTATION_PREFIX = "fabric.dev/";
export const IMPORT_ANNOTATION = "fabric.dev/import-routes";
export const MAX_PREFIXES_ANNOTATION = "fabric.dev/max-prefixes";
const KNOWN = [IMPORT_ANNOTATION, MAX_PREFIXES_ANNOTATION];
/** RFC 4486 §4 sends the limit as a 4-octet number. */
const MAX_PREFIXES_LIMIT = 0xffffffff;

/** The peer config's inbound policy from its annotations; undefined leaves Cilium's default. */
export function readImportAnnotations(r: DocReader): InboundPolicy | undefined {
  const at = ["metadata", "annotations"];
  const annotations = r.record(at);
  if (annotations === undefined) return undefined;
  for (const key of Object.keys(annotations)) {
    if (!key.startsWith(ANNOTATION_PREFIX) || KNOWN.includes(key)) continue;
    r.warn(
      [...at, key],
      "cilium-unknown-annotation",
      `annotation ${key} means nothing to fabric; it is ignored`,
      suggestOneOf(key, KNOWN),
    );
  }
  const importText = text(r, [...at, IMPORT_ANNOTATION]);
  const maxText = text(r, [...at, MAX_PREFIXES_ANNOTATION]);
  if (importText !== undefined && importText !== "true" && importText !== "false") {
    r.error(
      [...at, IMPORT_ANNOTATION],
      "cilium-bad-annotation",
      `${IMPORT_ANNOTATION} is "${importText}"; it takes "true" or "false"`,
    );
    return undefined;
  }
  let maxPrefixes = DEFAULT_MAX_PREFIXES;
  if (maxText !== undefined) {
    const n = /^[0-9]+$/.test(maxText) ? Number(maxText) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PREFIXES_LIMIT) {
      r.error(
        [...at, MAX_PREFIXES_ANNOTATION],
        "cilium-bad-annotation",
        `${MAX_PREFIXES_ANNOTATION} is "${maxText}"; it takes a whole number from 1 to ${MAX_PREFIXES_LIMIT}`,
      );
      return undefined;
    }
    maxPrefixes = n;
    if (importText !== "true") {
      r.warn(
        [...at, MAX_PREFIXES_ANNOTATION],
        "cilium-max-prefixes-without-import",
        `${MAX_PREFIXES_ANNOTATION} limits imported routes, but this peer config does not import any`,
        `add ${IMPORT_ANNOTATION}: "true", or remove the limit`,
      );
    }
  }
  if (importText !== "true") return undefined;
  return { mode: "import", maxPrefixes };
}

/** An annotation's value, which Kubernetes requires to be a string. */
function text(r: DocReader, path: string[]): string | undefined {
  const value = r.get(path);
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  r.error(
    path,
    "cilium-bad-annotation",
    `annotation values are strings in Kubernetes; ${String(path.at(-1))} is ${JSON.stringify(value)}`,
    `quote it: "${String(value)}"`,
  );
  return undefined;
}
