// Multi-document Cilium BGP manifests → checked resources, and the v1 Secrets that hold their
// TCP-MD5 passwords (parse-secret.ts). Other kinds in the same files are reported and skipped, so
// one file can hold a whole lab's Kubernetes objects.
import type { Diagnostic } from "../../errors.js";
import { readYamlFile, type YamlFile } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import { DocReader, isRecord, type StrictnessOptions } from "../k8s/doc-reader.js";
import { readAdvertisement } from "./parse-advertisement.js";
import { readClusterConfig } from "./parse-cluster-config.js";
import { readNodeOverride } from "./parse-node-override.js";
import { readPeerConfig } from "./parse-peer-config.js";
import { readSecret, type SecretResource } from "./parse-secret.js";
import type { CiliumBgpResources } from "./types.js";
import { LB_IP_POOL_KIND, readLbIpPool, type LbIpPool } from "./lb-ip-pool.js";

export const CILIUM_API_VERSIONS = ["cilium.io/v2", "cilium.io/v2alpha1"] as const;
const KINDS = [
  "CiliumBGPClusterConfig",
  "CiliumBGPPeerConfig",
  "CiliumBGPAdvertisement",
  "CiliumBGPNodeConfigOverride",
] as const;
type Kind = (typeof KINDS)[number];

export interface CiliumLoadResult {
  readonly resources: CiliumBgpResources;
  /** CiliumLoadBalancerIPPools kept beside the BGP resources (LB-IPAM is Cilium's too). */
  readonly pools: LbIpPool[];
  readonly diagnostics: Diagnostic[];
}

export function loadCiliumBgp(files: readonly string[], options: StrictnessOptions = {}): CiliumLoadResult {
  return loadCiliumBgpFiles(
    files.map((f) => readYamlFile(f)),
    options,
  );
}

/** As loadCiliumBgp, from already parsed files (tests use parseYaml). */
export function loadCiliumBgpFiles(
  files: readonly YamlFile[],
  options: StrictnessOptions = {},
): CiliumLoadResult {
  // The CRDs are applied with kubectl, whose strict field validation refuses unknown fields.
  const unknownFields = options.unknownFields ?? "error";
  const diagnostics: Diagnostic[] = [];
  const resources = {
    clusterConfigs: [],
    peerConfigs: [],
    advertisements: [],
    nodeOverrides: [],
    secrets: [],
  } as {
    [K in keyof CiliumBgpResources]-?: NonNullable<CiliumBgpResources[K]>[number][];
  };
  let warnedAlpha = false;
  const seen = new Set<string>();
  const pools: LbIpPool[] = [];
  for (const file of files) {
    diagnostics.push(...file.diagnostics);
    for (const doc of file.docs) {
      const r = new DocReader(doc, diagnostics, { codePrefix: "cilium", unknownFields });
      if (isRecord(r.value) && r.value["kind"] === LB_IP_POOL_KIND) {
        const pool = readPoolDocument(r);
        if (pool) pools.push(pool);
        continue;
      }
      const secret = readSecretDoc(r, seen);
      if (secret) {
        resources.secrets.push(secret);
        continue;
      }
      const header = readHeader(r);
      if (header === undefined) continue;
      if (header.apiVersion === "cilium.io/v2alpha1" && !warnedAlpha) {
        warnedAlpha = true;
        r.warn(
          ["apiVersion"],
          "cilium-deprecated-api-version",
          "cilium.io/v2alpha1 BGP resources are deprecated; the same fields work under cilium.io/v2",
          "change apiVersion to cilium.io/v2",
        );
      }
      const id = `${header.kind}/${header.name}`;
      if (seen.has(id)) {
        r.error(
          ["metadata", "name"],
          "cilium-duplicate-resource",
          `${id} is defined twice`,
          "names are unique per kind in a cluster",
        );
        continue;
      }
      seen.add(id);
      r.unknownKeys([], ["apiVersion", "kind", "metadata", "spec", "status"]);
      switch (header.kind) {
        case "CiliumBGPClusterConfig":
          resources.clusterConfigs.push(readClusterConfig(r, header.name));
          break;
        case "CiliumBGPPeerConfig":
          resources.peerConfigs.push(readPeerConfig(r, header.name));
          break;
        case "CiliumBGPAdvertisement":
          resources.advertisements.push(readAdvertisement(r, header.name));
          break;
        case "CiliumBGPNodeConfigOverride":
          resources.nodeOverrides.push(readNodeOverride(r, header.name));
          break;
      }
    }
  }
  checkPeerConfigRefs(resources, diagnostics);
  return { resources, pools, diagnostics };
}

/** A pool in a BGP file: not a BGP resource, and not deprecated under v2alpha1. */
function readPoolDocument(r: DocReader): LbIpPool | undefined {
  const apiVersion = r.string(["apiVersion"]) ?? "";
  if (!(CILIUM_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    r.error(
      ["apiVersion"],
      "cilium-api-version",
      `${LB_IP_POOL_KIND} needs apiVersion cilium.io/v2`,
      "use apiVersion: cilium.io/v2",
    );
    return undefined;
  }
  const name = r.string(["metadata", "name"]);
  if (name === undefined || name === "") {
    r.error(["metadata"], "cilium-missing-name", `this ${LB_IP_POOL_KIND} has no metadata.name`);
    return undefined;
  }
  return readLbIpPool(r, name);
}

/** A peerConfigRef must name a CiliumBGPPeerConfig; checked here as it needs no cluster. */
function checkPeerConfigRefs(resources: CiliumBgpResources, diagnostics: Diagnostic[]): void {
  const known = resources.peerConfigs.map((p) => p.name);
  for (const peer of resources.clusterConfigs.flatMap((c) => c.instances.flatMap((i) => i.peers))) {
    const ref = peer.peerConfigRef;
    if (ref === undefined || known.includes(ref.name)) continue;
    diagnostics.push({
      severity: "error",
      code: "cilium-unknown-peer-config",
      message: `peer "${peer.name}" refers to CiliumBGPPeerConfig "${ref.name}", which does not exist`,
      location: ref.location,
      suggestion:
        known.length > 0 ? suggestOneOf(ref.name, known) : "add a CiliumBGPPeerConfig with that name",
    });
  }
}

/** A `v1` Secret document, read; undefined for any other document (left to readHeader). */
function readSecretDoc(r: DocReader, seen: Set<string>): SecretResource | undefined {
  if (!isRecord(r.value) || r.value.kind !== "Secret") return undefined;
  if (r.value.apiVersion !== "v1") {
    r.error(["apiVersion"], "cilium-api-version", "a Secret needs apiVersion v1", "use apiVersion: v1");
    return undefined;
  }
  const name = r.string(["metadata", "name"]);
  if (name === undefined || name === "") {
    r.error(["metadata"], "cilium-missing-name", "this Secret has no metadata.name");
    return undefined;
  }
  const secret = readSecret(r, name);
  const id = `Secret/${secret.namespace}/${name}`;
  if (seen.has(id)) {
    r.error(["metadata", "name"], "cilium-duplicate-resource", `${id} is defined twice`);
    return undefined;
  }
  seen.add(id);
  return secret;
}

function readHeader(r: DocReader): { apiVersion: string; kind: Kind; name: string } | undefined {
  if (!isRecord(r.value)) {
    r.error([], "cilium-not-an-object", "a manifest document must be a mapping with apiVersion and kind");
    return undefined;
  }
  const kindText = r.string(["kind"]) ?? "";
  const kind = KINDS.find((k) => k === kindText);
  if (kind === undefined) {
    if (kindText.startsWith("CiliumBGP")) {
      r.error(
        ["kind"],
        "cilium-unknown-kind",
        `unknown Cilium BGP kind "${kindText}"`,
        suggestOneOf(kindText, KINDS),
      );
    } else {
      r.warn(
        ["kind"],
        "cilium-ignored-kind",
        `fabric reads Cilium BGP resources from this file and ignores ${kindText === "" ? "documents without a kind" : `${kindText} objects`}`,
      );
    }
    return undefined;
  }
  const apiVersion = r.string(["apiVersion"]) ?? "";
  if (!(CILIUM_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    r.error(
      ["apiVersion"],
      "cilium-api-version",
      `${kind} needs apiVersion cilium.io/v2${apiVersion === "" ? "" : `, not "${apiVersion}"`}`,
      "use apiVersion: cilium.io/v2",
    );
    return undefined;
  }
  const name = r.string(["metadata", "name"]);
  if (name === undefined || name === "") {
    r.error(["metadata"], "cilium-missing-name", `this ${kind} has no metadata.name`);
    return undefined;
  }
  return { apiVersion, kind, name };
}
