// Multi-document Kubernetes manifests → workloads and Services. fabric reads only what places
// pods and gives Services addresses; other kinds are reported and skipped, never silently.
import type { Diagnostic } from "../../errors.js";
import type { Service, Workload } from "../model.js";
import { readYamlFile, type YamlFile } from "../source.js";
import { DocReader, isRecord, type StrictnessOptions } from "./doc-reader.js";
import { checkApiFields } from "./api-fields.js";
import { readService } from "./services.js";
import { readDaemonSet, readDeployment, readPod } from "./workloads.js";
import { readLbIpPool, type LbIpPool } from "../cilium/lb-ip-pool.js";

/** The kinds fabric reads and the apiVersion each must carry. */
const READERS = {
  DaemonSet: { apiVersion: "apps/v1" },
  Deployment: { apiVersion: "apps/v1" },
  Pod: { apiVersion: "v1" },
  Service: { apiVersion: "v1" },
  // Applied with kubectl beside the Services it serves; cilium.io/v2alpha1 is read the same.
  CiliumLoadBalancerIPPool: { apiVersion: "cilium.io/v2" },
} as const;
type ReadKind = keyof typeof READERS;

export interface ManifestsResult {
  readonly workloads: Workload[];
  readonly services: Service[];
  readonly pools: LbIpPool[];
  readonly diagnostics: Diagnostic[];
}

export function loadManifests(files: readonly string[], options: StrictnessOptions = {}): ManifestsResult {
  return loadManifestFiles(
    files.map((f) => readYamlFile(f)),
    options,
  );
}

/** As loadManifests, from already parsed files (tests use parseYaml). */
export function loadManifestFiles(
  files: readonly YamlFile[],
  options: StrictnessOptions = {},
): ManifestsResult {
  // `kubectl apply` validates fields strictly by default (--validate=strict).
  const unknownFields = options.unknownFields ?? "error";
  const result: ManifestsResult = { workloads: [], services: [], pools: [], diagnostics: [] };
  for (const file of files) {
    result.diagnostics.push(...file.diagnostics);
    for (const doc of file.docs)
      readDocument(new DocReader(doc, result.diagnostics, { codePrefix: "k8s", unknownFields }), result);
  }
  checkDuplicates(result);
  return result;
}

function readDocument(r: DocReader, out: ManifestsResult): void {
  if (!isRecord(r.value)) {
    r.error([], "k8s-not-an-object", "a manifest document must be a mapping with apiVersion and kind");
    return;
  }
  const kind = r.string(["kind"]);
  const apiVersion = r.string(["apiVersion"]);
  if (kind === undefined) {
    r.error(
      [],
      "k8s-missing-kind",
      "this document has no kind",
      "add kind: DaemonSet, Deployment, Pod or Service",
    );
    return;
  }
  const known = (Object.keys(READERS) as ReadKind[]).find((k) => k === kind);
  if (known === undefined) {
    r.warn(
      ["kind"],
      "k8s-ignored-kind",
      `fabric ignores ${kind} objects; it reads DaemonSet, Deployment, Pod, Service and CiliumLoadBalancerIPPool`,
    );
    return;
  }
  const expected = READERS[known].apiVersion;
  const alpha = known === "CiliumLoadBalancerIPPool" && apiVersion === "cilium.io/v2alpha1";
  if (apiVersion !== expected && !alpha) {
    r.error(
      ["apiVersion"],
      "k8s-api-version",
      `${kind} needs apiVersion ${expected}${apiVersion === undefined ? "" : `, not "${apiVersion}"`}`,
      `use apiVersion: ${expected}`,
    );
    return;
  }
  if (known !== "CiliumLoadBalancerIPPool") checkApiFields(r, known);
  switch (known) {
    case "DaemonSet":
    case "Deployment":
    case "Pod": {
      const w =
        known === "DaemonSet" ? readDaemonSet(r) : known === "Deployment" ? readDeployment(r) : readPod(r);
      if (w) out.workloads.push(w);
      break;
    }
    case "Service": {
      const s = readService(r);
      if (s) out.services.push(s);
      break;
    }
    case "CiliumLoadBalancerIPPool": {
      const name = r.string(["metadata", "name"]);
      if (name === undefined || name === "")
        r.error(["metadata"], "k8s-missing-name", `this ${kind} has no metadata.name`);
      else out.pools.push(readLbIpPool(r, name));
      break;
    }
  }
}

/** The API server would refuse a second object with the same kind, namespace and name. */
function checkDuplicates(out: ManifestsResult): void {
  const seen = new Set<string>();
  const items = [
    ...out.workloads.map((w) => ({ id: `${w.kind}/${w.namespace}/${w.name}`, location: w.location })),
    ...out.services.map((s) => ({ id: `Service/${s.namespace}/${s.name}`, location: s.location })),
    ...out.pools.map((p) => ({ id: `CiliumLoadBalancerIPPool/${p.name}`, location: p.location })),
  ];
  for (const { id, location } of items) {
    if (seen.has(id))
      out.diagnostics.push({
        severity: "error",
        code: "k8s-duplicate-object",
        message: `${id} is defined twice`,
        location,
      });
    seen.add(id);
  }
}
