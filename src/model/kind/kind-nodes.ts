// `nodes[]` of a kind config: roles, kind's own node labels, and what the kubeadm patches say
// about node IPs and labels. Naming, PodCIDRs and taints are decided by the caller, which sees
// the whole list.
import type { Diagnostic, Location } from "../../errors.js";
import type { ClusterIpFamily, ClusterRole } from "../model.js";
import { DocReader } from "../k8s/doc-reader.js";
import { suggestOneOf } from "../suggest.js";
import { isIpv4, isIpv6 } from "../../net/index.js";
import { readKubeadmPatch, type KubeadmPatch } from "./kubeadm-patch.js";
import { parseNodeLabels } from "./node-labels.js";

const ROLES: readonly ClusterRole[] = ["control-plane", "worker"];
const NODE_FIELDS = [
  "role",
  "image",
  "labels",
  "extraMounts",
  "extraPortMappings",
  "kubeadmConfigPatches",
  "kubeadmConfigPatchesJSON6902",
];

/** kind's v1alpha4 Mount and PortMapping fields (pkg/apis/config/v1alpha4/types.go). */
const MOUNT_FIELDS = ["containerPath", "hostPath", "readOnly", "selinuxRelabel", "propagation"];
const PORT_MAPPING_FIELDS = ["containerPort", "hostPort", "listenAddress", "protocol"];

export interface KindNodeSpec {
  readonly role: ClusterRole;
  readonly location: Location;
  readonly nodeIP?: { readonly value: string; readonly location: Location };
  readonly labels: Record<string, string>;
}

/** kind defaults `role` to control-plane, and a config without `nodes` is one control plane. */
export function readKindNodes(
  r: DocReader,
  text: string,
  diagnostics: Diagnostic[],
  ipFamily: ClusterIpFamily,
): KindNodeSpec[] {
  const items = r.get(["nodes"]) === undefined ? [{}] : (r.array(["nodes"]) ?? []);
  const clusterPatches = readPatches(r, text, ["kubeadmConfigPatches"], diagnostics);
  const roles: (ClusterRole | undefined)[] = items.map((_, i) => readRole(r, i));
  // kind bootstraps the cluster with `kubeadm init` on the first control plane; every other node
  // runs `kubeadm join`, so only that kubeadm document's settings reach its kubelet.
  const initIndex = roles.indexOf("control-plane");
  const specs: KindNodeSpec[] = [];
  items.forEach((_, i) => {
    const role = roles[i];
    if (role === undefined) return;
    if (r.get(["nodes"]) !== undefined) {
      r.unknownKeys(["nodes", i], NODE_FIELDS);
      // kind decodes strictly and refuses the config over these; fabric names them before it runs.
      const mounts = r.get(["nodes", i, "extraMounts"]);
      const ports = r.get(["nodes", i, "extraPortMappings"]);
      if (Array.isArray(mounts))
        mounts.forEach((_, j) => r.unknownKeys(["nodes", i, "extraMounts", j], MOUNT_FIELDS));
      if (Array.isArray(ports))
        ports.forEach((_, j) => r.unknownKeys(["nodes", i, "extraPortMappings", j], PORT_MAPPING_FIELDS));
    }
    const used = i === initIndex ? "InitConfiguration" : "JoinConfiguration";
    const patches = [
      ...clusterPatches,
      ...readPatches(r, text, ["nodes", i, "kubeadmConfigPatches"], diagnostics),
    ];
    const labels = r.get(["nodes"]) === undefined ? {} : r.stringMap(["nodes", i, "labels"]);
    let nodeIP: KindNodeSpec["nodeIP"];
    for (const patch of patches) {
      if (patch.kind !== "InitConfiguration" && patch.kind !== "JoinConfiguration") continue;
      if (patch.kind !== used) {
        if (patch.nodeIP || patch.nodeLabels) {
          diagnostics.push({
            severity: "warning",
            code: "kind-patch-not-applied",
            message: `this ${role} node is set up with ${used}, so its ${patch.kind} patch has no effect`,
            location: patch.location,
            suggestion: `change the patch's kind to ${used}`,
          });
        }
        continue;
      }
      if (patch.nodeIP) nodeIP = checkNodeIP(patch.nodeIP, ipFamily, diagnostics);
      if (patch.nodeLabels) Object.assign(labels, checkNodeLabels(patch.nodeLabels, diagnostics));
    }
    specs.push({
      role,
      location: r.at(r.get(["nodes"]) === undefined ? [] : ["nodes", i]),
      labels,
      ...(nodeIP ? { nodeIP } : {}),
    });
  });
  return specs;
}

function readRole(r: DocReader, i: number): ClusterRole | undefined {
  if (r.get(["nodes"]) === undefined) return "control-plane";
  const role = r.string(["nodes", i, "role"]) ?? "control-plane";
  const known = ROLES.find((x) => x === role);
  if (known === undefined) {
    r.error(
      ["nodes", i, "role"],
      "kind-unknown-role",
      `unknown node role "${role}"`,
      suggestOneOf(role, ROLES),
    );
  }
  return known;
}

function readPatches(
  r: DocReader,
  text: string,
  path: (string | number)[],
  diagnostics: Diagnostic[],
): KubeadmPatch[] {
  const list = r.array(path) ?? [];
  return list.flatMap((_, j) => readKubeadmPatch(r, text, [...path, j], diagnostics));
}

/**
 * A node IP is IPv4: it is also the speaker's router ID (Cilium's default), which BGP wants as a
 * 32-bit number. An IPv6 one is refused with the reason that fits the cluster's family.
 */
function checkNodeIP(
  ip: NonNullable<KindNodeSpec["nodeIP"]>,
  ipFamily: ClusterIpFamily,
  diagnostics: Diagnostic[],
): KindNodeSpec["nodeIP"] {
  if (isIpv4(ip.value)) return ip;
  const v6 = isIpv6(ip.value);
  diagnostics.push({
    severity: "error",
    code: v6 && ipFamily === "ipv4" ? "kind-node-ip-family" : "kind-bad-node-ip",
    message: !v6
      ? `node-ip "${ip.value}" is not an IPv4 address`
      : ipFamily === "ipv4"
        ? `node-ip "${ip.value}" is IPv6 but the cluster's ipFamily is ipv4`
        : `node-ip "${ip.value}" is IPv6; fabric takes IPv4 node IPs only for now (the node's router ID)`,
    location: ip.location,
    suggestion: 'write the node\'s IPv4 address such as "10.0.1.2"; its IPv6 addresses go on its interfaces',
  });
  return undefined;
}

function checkNodeLabels(
  labels: NonNullable<KubeadmPatch["nodeLabels"]>,
  diagnostics: Diagnostic[],
): Record<string, string> {
  const parsed = parseNodeLabels(labels.value);
  if (parsed.ok) return parsed.labels;
  diagnostics.push({
    severity: "error",
    code: "kind-bad-node-labels",
    message: `node-labels "${labels.value}": ${parsed.reason}`,
    location: labels.location,
    suggestion: 'write comma-separated key=value pairs, e.g. "rack=rack0,zone=a"',
  });
  return {};
}
