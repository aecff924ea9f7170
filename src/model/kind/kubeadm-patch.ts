// A `kubeadmConfigPatches` item is a YAML document carried inside a YAML string. We parse that
// string on its own and translate its positions back into cluster.yaml, so an error in the patch
// points at the line the user sees in their editor, not at line 2 of an invisible document.
import type { Diagnostic, Location } from "../../errors.js";
import { parseYaml, type YamlPath } from "../source.js";
import { DocReader, isRecord } from "../k8s/doc-reader.js";

/** What fabric takes from one kubeadm document. */
export interface KubeadmPatch {
  readonly kind?: string;
  readonly location: Location;
  readonly nodeIP?: { readonly value: string; readonly location: Location };
  readonly nodeLabels?: { readonly value: string; readonly location: Location };
}

/**
 * For a literal block scalar (`- |`) the text starts on the line after the indicator and every
 * line is shifted right by the block's indentation, so a position maps back exactly. For any
 * other scalar style (quoted, plain, folded) lines do not map one to one; point at the value.
 */
export function blockScalarMapping(outerText: string, scalar: Location): (inner: Location) => Location {
  const lines = linesOf(outerText);
  const header = lines[scalar.line - 1] ?? "";
  if (header[scalar.col - 1] !== "|") return () => scalar;
  let indent = 0;
  for (let i = scalar.line; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    indent = line.length - line.trimStart().length;
    break;
  }
  return (inner) => ({ file: scalar.file, line: scalar.line + inner.line, col: inner.col + indent });
}

/**
 * A cluster config holds one patch per node and every patch maps back into the same text: split
 * it once, not once per patch (at 4,096 nodes that was 25 s of validate).
 */
let split: { readonly text: string; readonly lines: readonly string[] } | undefined;
function linesOf(text: string): readonly string[] {
  if (split?.text !== text) split = { text, lines: text.split(/\r?\n/) };
  return split.lines;
}

/** Parse the patch at `path` of the outer document; diagnostics go to `diagnostics`. */
export function readKubeadmPatch(
  outer: DocReader,
  outerText: string,
  path: YamlPath,
  diagnostics: Diagnostic[],
): KubeadmPatch[] {
  const text = outer.get(path);
  if (typeof text !== "string") {
    outer.error(
      path,
      "kind-field-type",
      "each kubeadmConfigPatches item must be a string holding a kubeadm document",
      'write it as a block scalar: "- |" followed by the indented document',
    );
    return [];
  }
  const scalar = outer.at(path);
  const map = blockScalarMapping(outerText, scalar);
  const parsed = parseYaml(scalar.file, text);
  for (const d of parsed.diagnostics) {
    diagnostics.push({
      severity: "error",
      code: "kind-kubeadm-patch-syntax",
      message: `kubeadm patch is not valid YAML: ${d.message.replace(/^YAML syntax error: /, "")}`,
      ...(d.location ? { location: map(d.location) } : { location: scalar }),
      suggestion: "check the indentation inside the block scalar",
    });
  }
  return parsed.docs.map((doc) => {
    // A kubeadm patch is a fragment kind merges into kubeadm's config without checking its fields
    // (kubeadm itself only warns), and fabric reads only the kubelet's extra args from it, so it
    // asks for no unknown-field check; "warning" is the honest severity should one be added.
    const r = new DocReader(doc, diagnostics, {
      codePrefix: "kind",
      mapLocation: map,
      unknownFields: "warning",
    });
    const kind = r.string(["kind"]);
    const args = readKubeletExtraArgs(r);
    warnIfVersioned(r, args.nodeIP !== undefined || args.nodeLabels !== undefined);
    return {
      ...(kind === undefined ? {} : { kind }),
      location: r.at(["kind"]),
      ...args,
    };
  });
}

type ExtraArgs = Pick<KubeadmPatch, "nodeIP" | "nodeLabels">;

/** kubeadm v1beta3 writes a map; v1beta4 writes a list of `{name, value}`. Accept both. */
function readKubeletExtraArgs(r: DocReader): ExtraArgs {
  const base: YamlPath = ["nodeRegistration", "kubeletExtraArgs"];
  const raw = r.get(base);
  const found: Record<string, { value: string; location: ReturnType<DocReader["at"]> }> = {};
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const argName = isRecord(item) ? item["name"] : undefined;
      if (typeof argName !== "string") {
        r.error([...base, i], "kind-field-type", "each kubeletExtraArgs item needs a string name");
        return;
      }
      const value = r.string([...base, i, "value"]);
      if (value !== undefined) found[argName] = { value, location: r.at([...base, i, "value"]) };
    });
  } else if (isRecord(raw)) {
    for (const key of ["node-ip", "node-labels"]) {
      const value = r.string([...base, key]);
      if (value !== undefined) found[key] = { value, location: r.at([...base, key]) };
    }
  } else if (raw !== undefined && raw !== null) {
    r.record(base); // reports the type error
  }
  const nodeIP = found["node-ip"];
  const nodeLabels = found["node-labels"];
  return { ...(nodeIP ? { nodeIP } : {}), ...(nodeLabels ? { nodeLabels } : {}) };
}

/**
 * kind matches a patch to its generated kubeadm documents by kind, and by apiVersion only when the
 * patch names one (kind: pkg/internal/patch/resource.go `matches`); it generates v1beta3 for
 * Kubernetes 1.23 to 1.35 and v1beta4 from 1.36 (pkg/cluster/internal/kubeadm/config.go). A patch
 * naming another version is dropped without a word, and with it the node-ip and node-labels fabric
 * plans from.
 */
function warnIfVersioned(r: DocReader, planned: boolean): void {
  const apiVersion = r.get(["apiVersion"]);
  if (typeof apiVersion !== "string") return;
  r.warn(
    ["apiVersion"],
    "kind-kubeadm-patch-versioned",
    `this patch names apiVersion ${apiVersion}: kind applies it only to a node image whose kubeadm config has that version (v1beta3 for Kubernetes 1.23 to 1.35, v1beta4 from 1.36) and skips it silently otherwise${planned ? ", while fabric plans node-ip and node-labels from it either way" : ""}`,
    "leave apiVersion out: kind then applies the patch on every version, converting the kubeletExtraArgs map to v1beta4's list itself",
  );
}
