// kind's `Cluster` config (kind.x-k8s.io/v1alpha4) → the resolved Cluster: kind's node names,
// labels and taints as the kubelet would register them, and a PodCIDR for every node.
import { readFileSync } from "node:fs";
import type { Diagnostic, Location } from "../../errors.js";
import { hasErrors } from "../../errors.js";
import type { Cluster, ClusterNode, Taint } from "../model.js";
import { parseYaml, type YamlPath } from "../source.js";
import { DocReader, isRecord, type StrictnessOptions } from "../k8s/doc-reader.js";
import {
  carve,
  familyOf,
  formatCidr,
  networkOf,
  parseCidr,
  subnetCount,
  type Cidr,
} from "../../net/index.js";
import { readKindNodes, type KindNodeSpec } from "./kind-nodes.js";
import { kindNodeNames } from "./node-names.js";

export const KIND_API_VERSION = "kind.x-k8s.io/v1alpha4";
/** kind's defaults for an IPv4 cluster. */
export const KIND_DEFAULT_POD_SUBNET = "10.244.0.0/16";
export const KIND_DEFAULT_SERVICE_SUBNET = "10.96.0.0/16";
export const CONTROL_PLANE_TAINT: Taint = {
  key: "node-role.kubernetes.io/control-plane",
  effect: "NoSchedule",
};

const TOP_LEVEL_FIELDS = [
  "kind",
  "apiVersion",
  "name",
  "nodes",
  "networking",
  "featureGates",
  "runtimeConfig",
  "kubeadmConfigPatches",
  "kubeadmConfigPatchesJSON6902",
  "containerdConfigPatches",
  "containerdConfigPatchesJSON6902",
];
const NETWORKING_FIELDS = [
  "ipFamily",
  "apiServerPort",
  "apiServerAddress",
  "podSubnet",
  "serviceSubnet",
  "disableDefaultCNI",
  "kubeProxyMode",
  "dnsSearch",
];

export interface KindLoadResult {
  readonly cluster?: Cluster;
  readonly diagnostics: Diagnostic[];
}

export function loadKindCluster(
  file: string,
  nameOverride?: string,
  options: StrictnessOptions = {},
): KindLoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(err);
    return {
      diagnostics: [
        { severity: "error", code: "file-unreadable", message: `cannot read ${file}: ${reason}` },
      ],
    };
  }
  return loadKindClusterText(file, text, nameOverride, options);
}

/** As loadKindCluster, from text; `file` is only used in locations. */
export function loadKindClusterText(
  file: string,
  text: string,
  nameOverride?: string,
  options: StrictnessOptions = {},
): KindLoadResult {
  const parsed = parseYaml(file, text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const doc = parsed.docs[0];
  if (doc === undefined) {
    if (diagnostics.length === 0) {
      diagnostics.push({
        severity: "error",
        code: "kind-empty",
        message: `${file} holds no kind Cluster config`,
        location: { file, line: 1, col: 1 },
        suggestion:
          "start it with `kind: Cluster` and `apiVersion: kind.x-k8s.io/v1alpha4`, and list the nodes",
      });
    }
    return { diagnostics };
  }
  // kind decodes its config strictly (yaml.UnmarshalStrict): an unknown field fails `kind create`.
  const r = new DocReader(doc, diagnostics, {
    codePrefix: "kind",
    unknownFields: options.unknownFields ?? "error",
  });
  if (!isRecord(r.value)) {
    r.error([], "kind-field-type", "a kind config must be a mapping");
    return { diagnostics };
  }
  checkHeader(r);
  r.unknownKeys([], TOP_LEVEL_FIELDS);
  r.unknownKeys(["networking"], NETWORKING_FIELDS);
  const ipFamily = r.string(["networking", "ipFamily"]);
  if (ipFamily !== undefined && ipFamily !== "ipv4") {
    r.error(
      ["networking", "ipFamily"],
      "kind-ipv6-unsupported",
      `ipFamily "${ipFamily}" is not supported; fabric runs IPv4 clusters only for now`,
      "remove ipFamily or set it to ipv4",
    );
  }
  const name = nameOverride ?? r.string(["name"]) ?? "kind";
  const podSubnet = readSubnet(r, ["networking", "podSubnet"], KIND_DEFAULT_POD_SUBNET);
  const serviceSubnet = readSubnet(r, ["networking", "serviceSubnet"], KIND_DEFAULT_SERVICE_SUBNET);
  const disableDefaultCNI = r.bool(["networking", "disableDefaultCNI"]) ?? false;
  const specs = readKindNodes(r, text, diagnostics);
  checkDuplicateNodeIPs(specs, diagnostics);
  if (r.get(["nodes"]) !== undefined && specs.length > 0 && !specs.some((s) => s.role === "control-plane")) {
    r.error(
      ["nodes"],
      "kind-no-control-plane",
      "a kind cluster needs at least one control-plane node",
      'add a node with "role: control-plane"',
    );
  }
  const podCIDRs = podSubnet ? planPodCIDRs(r, podSubnet, specs.length) : undefined;
  if (
    hasErrors(diagnostics) ||
    podCIDRs === undefined ||
    podSubnet === undefined ||
    serviceSubnet === undefined
  ) {
    return { diagnostics };
  }
  const names = kindNodeNames(
    name,
    specs.map((s) => s.role),
  );
  // kind removes the control-plane taint when there is no worker, so pods can run at all.
  const hasWorkers = specs.some((s) => s.role === "worker");
  const nodes = specs.map((spec, i): ClusterNode => {
    const nodeName = names[i] ?? `${name}-node${i}`;
    return {
      name: nodeName,
      role: spec.role,
      ...(spec.nodeIP ? { nodeIP: spec.nodeIP.value } : {}),
      labels: standardLabels(nodeName, spec),
      taints: spec.role === "control-plane" && hasWorkers ? [CONTROL_PLANE_TAINT] : [],
      podCIDR: podCIDRs[i] ?? "",
      location: spec.location,
    };
  });
  const cluster: Cluster = {
    file,
    name,
    podSubnet: formatCidr(podSubnet),
    serviceSubnet: formatCidr(serviceSubnet),
    disableDefaultCNI,
    nodes,
  };
  return { cluster, diagnostics };
}

function checkHeader(r: DocReader): void {
  const apiVersion = r.string(["apiVersion"]);
  if (apiVersion !== KIND_API_VERSION) {
    r.error(
      ["apiVersion"],
      "kind-api-version",
      apiVersion === undefined
        ? "apiVersion is missing"
        : `apiVersion "${apiVersion}" is not a kind cluster config version`,
      `use apiVersion: ${KIND_API_VERSION}`,
    );
  }
  const kind = r.string(["kind"]);
  if (kind !== "Cluster") {
    r.error(
      ["kind"],
      "kind-wrong-kind",
      kind === undefined ? "kind is missing" : `kind "${kind}" is not a kind cluster config`,
      "use kind: Cluster",
    );
  }
}

/** An IPv4 subnet whose host bits are zero, as kubeadm requires of a pod or service subnet. */
function readSubnet(r: DocReader, path: YamlPath, fallback: string): Cidr | undefined {
  const text = r.string(path) ?? fallback;
  const parsed = parseCidr(text);
  const field = String(path[path.length - 1]);
  if (familyOf(text.split("/")[0] ?? "") === 6) {
    r.error(
      path,
      "kind-ipv6-unsupported",
      `${field} "${text}" is IPv6; fabric supports IPv4 clusters only for now`,
      `use an IPv4 subnet such as ${fallback}`,
    );
  } else if (parsed.ok) {
    return parsed.cidr;
  } else {
    r.error(
      path,
      "kind-bad-cidr",
      `${field} "${text}" is not a valid IPv4 CIDR`,
      parsed.network
        ? `did you mean ${formatCidr(parsed.network)}?`
        : `write it as address/length, e.g. ${fallback}`,
    );
  }
  return undefined;
}

/**
 * One /24 per node. kube-controller-manager hands PodCIDRs out in the order nodes register, which
 * a real cluster does not promise; fabric defines it as config order starting at the subnet's
 * first /24, so the plan is the same on every run and the emulated cluster can be compared.
 */
function planPodCIDRs(r: DocReader, subnet: Cidr, nodes: number): string[] | undefined {
  const available = subnetCount(subnet, 24);
  if (available >= BigInt(nodes)) return carve(subnet, 24, nodes).map(formatCidr);
  const written = r.get(["networking", "podSubnet"]) !== undefined;
  const which = written ? "podSubnet" : "kind's default podSubnet";
  const prefix = 24 - Math.ceil(Math.log2(Math.max(nodes, 1)));
  r.error(
    ["networking", "podSubnet"],
    "kind-pod-subnet-too-small",
    subnet.prefixLength > 24
      ? `${which} ${formatCidr(subnet)} is smaller than one /24; each node needs a /24`
      : `${which} ${formatCidr(subnet)} holds ${available} /24s but the cluster has ${nodes} nodes`,
    prefix < 8
      ? `a cluster of ${nodes} nodes needs more /24s than an IPv4 /8 holds; use fewer nodes`
      : `set networking.podSubnet to a /${prefix} or larger (one /24 per node), e.g. ${formatCidr(networkOf(subnet.address, prefix))}`,
  );
  return undefined;
}

function checkDuplicateNodeIPs(specs: readonly KindNodeSpec[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, Location>();
  for (const spec of specs) {
    if (!spec.nodeIP) continue;
    const first = seen.get(spec.nodeIP.value);
    if (first) {
      diagnostics.push({
        severity: "error",
        code: "kind-duplicate-node-ip",
        message: `node-ip ${spec.nodeIP.value} is already used by the node at line ${first.line}`,
        location: spec.nodeIP.location,
        suggestion: "give every node its own address",
      });
    } else {
      seen.set(spec.nodeIP.value, spec.nodeIP.location);
    }
  }
}

function standardLabels(node: string, spec: KindNodeSpec): Record<string, string> {
  return {
    ...spec.labels,
    "kubernetes.io/hostname": node,
    "kubernetes.io/os": "linux",
    ...(spec.role === "control-plane" ? { "node-role.kubernetes.io/control-plane": "" } : {}),
  };
}
