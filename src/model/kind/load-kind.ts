// kind's `Cluster` config (kind.x-k8s.io/v1alpha4) → the resolved Cluster: kind's node names,
// labels and taints as the kubelet would register them, and a PodCIDR of each family for every node.
import { readFileSync } from "node:fs";
import type { Diagnostic, Location } from "../../errors.js";
import { hasErrors, InternalError } from "../../errors.js";
import type { Cluster, ClusterNode, Taint } from "../model.js";
import { parseYaml } from "../source.js";
import { DocReader, isRecord, type StrictnessOptions } from "../k8s/doc-reader.js";
import { carve, formatCidr, networkOf, subnetCount, type Cidr } from "../../net/index.js";
import {
  familyName,
  KIND_DEFAULT_SUBNETS,
  NODE_CIDR_MASK,
  readIpFamily,
  readSubnetList,
} from "./ip-family.js";
import { readKindNodes, type KindNodeSpec } from "./kind-nodes.js";
import { kindNodeNames } from "./node-names.js";

export const KIND_API_VERSION = "kind.x-k8s.io/v1alpha4";
/** kind's defaults for an IPv4 cluster (ip-family.ts has every family's). */
export const KIND_DEFAULT_POD_SUBNET = KIND_DEFAULT_SUBNETS.ipv4.podSubnet;
export const KIND_DEFAULT_SERVICE_SUBNET = KIND_DEFAULT_SUBNETS.ipv4.serviceSubnet;
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
  const ipFamily = readIpFamily(r);
  const name = nameOverride ?? r.string(["name"]) ?? "kind";
  // With an unknown ipFamily the subnets cannot be judged: one error, not three.
  const podSubnets = ipFamily && readSubnetList(r, "podSubnet", ipFamily);
  const serviceSubnets = ipFamily && readSubnetList(r, "serviceSubnet", ipFamily);
  const disableDefaultCNI = r.bool(["networking", "disableDefaultCNI"]) ?? false;
  const specs = readKindNodes(r, text, diagnostics, ipFamily ?? "ipv4");
  checkDuplicateNodeIPs(specs, diagnostics);
  if (r.get(["nodes"]) !== undefined && specs.length > 0 && !specs.some((s) => s.role === "control-plane")) {
    r.error(
      ["nodes"],
      "kind-no-control-plane",
      "a kind cluster needs at least one control-plane node",
      'add a node with "role: control-plane"',
    );
  }
  const podCIDRs = podSubnets ? planPodCIDRs(r, podSubnets, specs.length) : undefined;
  if (
    hasErrors(diagnostics) ||
    ipFamily === undefined ||
    podCIDRs === undefined ||
    podSubnets === undefined ||
    serviceSubnets === undefined
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
    const mine = podCIDRs.map((perFamily) => perFamily[i] ?? "");
    return {
      name: nodeName,
      role: spec.role,
      ...(spec.nodeIP ? { nodeIP: spec.nodeIP.value } : {}),
      labels: standardLabels(nodeName, spec),
      taints: spec.role === "control-plane" && hasWorkers ? [CONTROL_PLANE_TAINT] : [],
      podCIDR: mine[0] ?? "",
      podCIDRs: mine,
      location: spec.location,
    };
  });
  const cluster: Cluster = {
    file,
    name,
    ipFamily,
    podSubnet: formatCidr(first(podSubnets)),
    podSubnets: podSubnets.map(formatCidr),
    serviceSubnet: formatCidr(first(serviceSubnets)),
    serviceSubnets: serviceSubnets.map(formatCidr),
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

/** readSubnetList never returns an empty list. */
function first(cidrs: readonly Cidr[]): Cidr {
  const c = cidrs[0];
  if (c === undefined) throw new InternalError("a subnet list with no subnet");
  return c;
}

/**
 * Per subnet (family), one PodCIDR per node: a /24 of IPv4, a /64 of IPv6 (kube-controller-
 * manager's default mask sizes). It hands them out in the order nodes register, which a real
 * cluster does not promise; fabric defines it as config order from the subnet's first one, so the
 * plan is the same on every run and the emulated cluster can be compared. Undefined after an error.
 */
function planPodCIDRs(r: DocReader, subnets: readonly Cidr[], nodes: number): string[][] | undefined {
  const out: string[][] = [];
  for (const subnet of subnets) {
    const mask = NODE_CIDR_MASK[subnet.address.family];
    const available = subnetCount(subnet, mask);
    if (available >= BigInt(nodes)) {
      out.push(carve(subnet, mask, nodes).map(formatCidr));
      continue;
    }
    reportTooSmall(r, subnet, mask, available, nodes, subnets.length > 1);
    return undefined;
  }
  return out;
}

function reportTooSmall(
  r: DocReader,
  subnet: Cidr,
  mask: number,
  available: bigint,
  nodes: number,
  dual: boolean,
): void {
  const written = r.get(["networking", "podSubnet"]) !== undefined;
  const which = written ? "podSubnet" : "kind's default podSubnet";
  const prefix = mask - Math.ceil(Math.log2(Math.max(nodes, 1)));
  const minimum = subnet.address.family === 4 ? 8 : 0;
  r.error(
    ["networking", "podSubnet"],
    "kind-pod-subnet-too-small",
    subnet.prefixLength > mask
      ? `${which} ${formatCidr(subnet)} is smaller than one /${mask}; each node needs a /${mask}`
      : `${which} ${formatCidr(subnet)} holds ${available} /${mask}s but the cluster has ${nodes} nodes`,
    prefix < minimum
      ? `a cluster of ${nodes} nodes needs more /${mask}s than an IPv4 /8 holds; use fewer nodes`
      : `${dual ? `make the ${familyName(subnet.address.family)} subnet of networking.podSubnet` : "set networking.podSubnet to"} a /${prefix} or larger (one /${mask} per node), e.g. ${formatCidr(networkOf(subnet.address, prefix))}`,
  );
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
