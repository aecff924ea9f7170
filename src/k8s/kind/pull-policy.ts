// The seed's DaemonSet runs `nicolaka/netshoot:latest` with no imagePullPolicy, which the API
// server defaults to Always (core/v1 Container.imagePullPolicy): the kubelet would ask a registry
// the lab's nodes cannot reach, although fabric has loaded the image into every node (images.ts).
// Rather than refuse the lab as written, fabric applies a copy of such a manifest in which each
// container whose policy was left to that default says IfNotPresent (what kind's quick start
// asks for with loaded images), and says so. A policy the user wrote, Always included, is kept.
import { parseAllDocuments, isMap, isSeq, type Document, type YAMLMap } from "yaml";
import { effectivePullPolicy } from "./images.js";

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  DaemonSet: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export interface PullPolicyPatch {
  /** The manifest to apply instead of the file. */
  readonly text: string;
  /** `DaemonSet/netshoot container netshoot (nicolaka/netshoot:latest)`, one per container changed. */
  readonly changed: readonly string[];
}

/** The manifest with defaulted-Always containers set to IfNotPresent; undefined when none is. */
export function patchDefaultPullPolicies(text: string): PullPolicyPatch | undefined {
  const docs = parseAllDocuments(text);
  const changed: string[] = [];
  for (const doc of docs) {
    if (!("contents" in doc) || doc.errors.length > 0) continue;
    changed.push(...patchDocument(doc));
  }
  if (changed.length === 0) return undefined;
  return { text: docs.map((d) => d.toString()).join(""), changed };
}

function patchDocument(doc: Document): string[] {
  const kind = doc.get("kind");
  const name = doc.getIn(["metadata", "name"]);
  const path = typeof kind === "string" ? POD_SPEC_PATHS[kind] : undefined;
  if (path === undefined) return [];
  const spec = doc.getIn(path, true);
  if (!isMap(spec)) return [];
  const changed: string[] = [];
  for (const list of ["initContainers", "containers"]) {
    const containers = spec.get(list, true);
    if (!isSeq(containers)) continue;
    for (const item of containers.items) {
      if (!isMap(item)) continue;
      const container = item as YAMLMap;
      const image = container.get("image");
      if (typeof image !== "string" || container.has("imagePullPolicy")) continue;
      if (effectivePullPolicy(image, undefined) !== "Always") continue;
      container.set("imagePullPolicy", "IfNotPresent");
      changed.push(`${String(kind)}/${String(name)} container ${String(container.get("name"))} (${image})`);
    }
  }
  return changed;
}
