// Cilium's per-node resolution: which CiliumBGPClusterConfig applies to each node, merged with the
// node's CiliumBGPNodeConfigOverride, peer configs and advertisements, into one SpeakerConfig per
// node. Problems Cilium reports as conditions on its resources become BgpConditions as well.
import type { Diagnostic } from "../../errors.js";
import type {
  DiscoveredPeerConfig,
  InstanceConfig,
  PeerConfig,
  SpeakerConfig,
} from "../../bgp/config/speaker-config.js";
import type { BgpCondition, Cluster, ClusterNode, Service } from "../model.js";
import { suggestOneOf } from "../suggest.js";
import { familyAdvertisements } from "./advertisements.js";
import { checkClusterFamilies } from "./cluster-families.js";
import { selectorMatches } from "./label-selector.js";
import { defaultPeerConfig } from "./parse-peer-config.js";
import { BGP_SECRETS_NAMESPACE } from "./parse-secret.js";
import type {
  CiliumBgpResources,
  ClusterConfigResource,
  InstanceSpec,
  NodeOverrideResource,
  PeerConfigResource,
} from "./types.js";

export interface ResolveResult {
  readonly speakers: Map<string, SpeakerConfig>;
  readonly conditions: BgpCondition[];
  readonly diagnostics: Diagnostic[];
}

const resourceId = (c: ClusterConfigResource): string => `CiliumBGPClusterConfig/${c.name}`;

export function resolveSpeakers(
  resources: CiliumBgpResources,
  cluster: Cluster,
  services: readonly Service[],
): ResolveResult {
  const result: ResolveResult = { speakers: new Map(), conditions: [], diagnostics: [] };
  const selected = resources.clusterConfigs.map((config) =>
    cluster.nodes.filter(
      (n) => config.nodeSelector === undefined || selectorMatches(config.nodeSelector, n.labels),
    ),
  );
  resources.clusterConfigs.forEach((config, i) =>
    checkClusterConfig(config, selected[i] ?? [], resources, result),
  );
  const owner = assignNodes(resources.clusterConfigs, selected, result);
  checkOverridesNodes(resources.nodeOverrides, cluster, result);
  result.diagnostics.push(...checkClusterFamilies(resources, cluster));
  for (const node of cluster.nodes) {
    const config = owner.get(node.name);
    if (config === undefined) continue;
    const override = resources.nodeOverrides.find((o) => o.name === node.name);
    const instances = config.instances.flatMap((spec) => {
      const instance = resolveInstance(spec, node, override, resources, services, result);
      return instance ? [instance] : [];
    });
    if (override) checkOverrideNames(override, config, result);
    result.speakers.set(node.name, { node: node.name, instances });
  }
  return result;
}

function checkClusterConfig(
  config: ClusterConfigResource,
  nodes: readonly ClusterNode[],
  resources: CiliumBgpResources,
  result: ResolveResult,
): void {
  if (nodes.length === 0) {
    const message = `CiliumBGPClusterConfig "${config.name}" selects no node`;
    result.conditions.push({
      resource: resourceId(config),
      type: "NoMatchingNode",
      message,
      location: config.nodeSelectorLocation,
    });
    result.diagnostics.push({
      severity: "warning",
      code: "cilium-no-matching-node",
      message,
      location: config.nodeSelectorLocation,
      suggestion: "check the nodeSelector against the node-labels in the kind config",
    });
  }
  // The error diagnostic for each missing reference comes from loadCiliumBgp, which needs no
  // cluster; here it becomes the condition Cilium sets on the cluster config.
  const known = new Set(resources.peerConfigs.map((p) => p.name));
  const missing = new Set(
    config.instances
      .flatMap((i) => i.peers)
      .flatMap((p) => (p.peerConfigRef && !known.has(p.peerConfigRef.name) ? [p.peerConfigRef.name] : [])),
  );
  if (missing.size > 0) {
    result.conditions.push({
      resource: resourceId(config),
      type: "MissingPeerConfigs",
      message: `referenced CiliumBGPPeerConfigs are missing: ${[...missing].join(", ")}`,
      location: config.location,
    });
  }
}

/** A node selected by two cluster configs is Cilium's conflict: the first one written keeps it. */
function assignNodes(
  configs: readonly ClusterConfigResource[],
  selected: readonly (readonly ClusterNode[])[],
  result: ResolveResult,
): Map<string, ClusterConfigResource> {
  const owner = new Map<string, ClusterConfigResource>();
  configs.forEach((config, i) => {
    const taken = new Map<string, string[]>();
    for (const node of selected[i] ?? []) {
      const first = owner.get(node.name);
      if (first === undefined) owner.set(node.name, config);
      else taken.set(first.name, [...(taken.get(first.name) ?? []), node.name]);
    }
    for (const [other, nodes] of taken) {
      const message = `CiliumBGPClusterConfig "${config.name}" selects ${nodes.join(", ")}, already selected by "${other}"`;
      result.conditions.push({
        resource: resourceId(config),
        type: "ConflictingClusterConfigs",
        message,
        location: config.nodeSelectorLocation,
      });
      result.diagnostics.push({
        severity: "error",
        code: "cilium-conflicting-cluster-configs",
        message,
        location: config.nodeSelectorLocation,
        suggestion: "make the nodeSelectors disjoint so each node has one BGP configuration",
      });
    }
  });
  return owner;
}

function resolveInstance(
  spec: InstanceSpec,
  node: ClusterNode,
  override: NodeOverrideResource | undefined,
  resources: CiliumBgpResources,
  services: readonly Service[],
  result: ResolveResult,
): InstanceConfig | undefined {
  const o = override?.instances.find((i) => i.name === spec.name);
  const routerId = o?.routerID ?? node.nodeIP;
  const localASN = o?.localASN ?? spec.localASN;
  if (routerId === undefined) {
    result.diagnostics.push({
      severity: "error",
      code: "cilium-no-router-id",
      message: `node ${node.name} has no IPv4 node IP to use as router ID for bgpInstance "${spec.name}"`,
      location: spec.location,
      suggestion:
        "set node-ip in the kind config, or routerID in a CiliumBGPNodeConfigOverride for this node",
    });
  }
  if (localASN === undefined) {
    result.diagnostics.push({
      severity: "error",
      code: "cilium-missing-local-asn",
      message: `bgpInstance "${spec.name}" has no localASN for node ${node.name}`,
      location: spec.location,
      suggestion: "set localASN on the instance or in a CiliumBGPNodeConfigOverride",
    });
  }
  if (routerId === undefined || localASN === undefined) return undefined;
  const peers: PeerConfig[] = [];
  const discoveredPeers: DiscoveredPeerConfig[] = [];
  for (const peer of spec.peers) {
    const ref = peer.peerConfigRef?.name;
    const pc = ref === undefined ? defaultPeerConfig() : resources.peerConfigs.find((p) => p.name === ref);
    if (pc === undefined) continue; // reported by checkClusterConfig
    const localAddress = o?.peers.find((p) => p.name === peer.name)?.localAddress;
    const settings: Omit<PeerConfig, "address"> = {
      name: peer.name,
      peerASN: peer.peerASN,
      peerPort: pc.peerPort,
      ...(localAddress !== undefined ? { localAddress } : {}),
      timers: pc.timers,
      ebgpMultihop: pc.ebgpMultihop,
      families: pc.families.map((f) => ({
        afi: f.afi,
        safi: f.safi,
        advertisements: familyAdvertisements(f, node, resources.advertisements, services),
      })),
      ...passwordOf(pc, resources, result),
      ...(pc.gracefulRestart ? { gracefulRestart: pc.gracefulRestart } : {}),
      ...(pc.inbound ? { inbound: pc.inbound } : {}),
    };
    if (peer.autoDiscovery) discoveredPeers.push({ autoDiscovery: peer.autoDiscovery, peer: settings });
    else peers.push({ ...settings, address: peer.peerAddress });
  }
  const localPort = o?.localPort ?? spec.localPort;
  return {
    name: spec.name,
    localASN,
    routerId,
    ...(localPort !== undefined ? { localPort } : {}),
    peers,
    ...(discoveredPeers.length > 0 ? { discoveredPeers } : {}),
  };
}

/**
 * authSecretRef → the `password` of that Secret in Cilium's BGP secrets namespace. A Secret that
 * is missing, elsewhere, or without the key is an error: Cilium would run the session without
 * a password and the router that requires one would never accept it.
 */
function passwordOf(
  pc: Pick<PeerConfigResource, "name" | "authSecretRef" | "authSecretRefLocation">,
  resources: CiliumBgpResources,
  result: ResolveResult,
): { authSecretRef?: string; password?: string } {
  const ref = pc.authSecretRef;
  if (ref === undefined) return {};
  const secrets = resources.secrets ?? [];
  const secret = secrets.find((x) => x.name === ref && x.namespace === BGP_SECRETS_NAMESPACE);
  if (secret?.password !== undefined) return { authSecretRef: ref, password: secret.password };
  const elsewhere = secrets.find((x) => x.name === ref);
  const diagnostic: Diagnostic = {
    severity: "error",
    code: secret ? "cilium-auth-secret-no-password" : "cilium-auth-secret-missing",
    message: secret
      ? `Secret ${BGP_SECRETS_NAMESPACE}/${ref} (authSecretRef of CiliumBGPPeerConfig "${pc.name}") has no password key`
      : `CiliumBGPPeerConfig "${pc.name}" sets authSecretRef ${ref}, but there is no Secret ${ref} in ${BGP_SECRETS_NAMESPACE}` +
        (elsewhere
          ? ` (there is one in namespace ${elsewhere.namespace}; Cilium reads only ${BGP_SECRETS_NAMESPACE})`
          : ""),
    // Only a CiliumBGPPeerConfig that was read (with its location) can set authSecretRef.
    ...(pc.authSecretRefLocation && { location: pc.authSecretRefLocation }),
    suggestion: secret
      ? "add stringData: { password: ... } (or data.password, base64) to the Secret"
      : `add to the BGP manifests: apiVersion: v1, kind: Secret, metadata: { name: ${ref}, namespace: ${BGP_SECRETS_NAMESPACE} }, stringData: { password: ... }`,
  };
  // Resolved once per node: say it once.
  if (!result.diagnostics.some((d) => d.code === diagnostic.code && d.message === diagnostic.message))
    result.diagnostics.push(diagnostic);
  return { authSecretRef: ref };
}

function checkOverridesNodes(
  overrides: readonly NodeOverrideResource[],
  cluster: Cluster,
  result: ResolveResult,
): void {
  const names = cluster.nodes.map((n) => n.name);
  for (const o of overrides) {
    if (names.includes(o.name)) continue;
    result.diagnostics.push({
      severity: "warning",
      code: "cilium-override-unknown-node",
      message: `CiliumBGPNodeConfigOverride "${o.name}" names no node of the cluster; it has no effect`,
      location: o.location,
      suggestion: suggestOneOf(o.name, names),
    });
  }
}

function checkOverrideNames(
  override: NodeOverrideResource,
  config: ClusterConfigResource,
  result: ResolveResult,
): void {
  for (const io of override.instances) {
    const instance = config.instances.find((i) => i.name === io.name);
    if (instance === undefined) {
      const names = config.instances.map((i) => i.name);
      result.diagnostics.push({
        severity: "warning",
        code: "cilium-override-unknown-instance",
        message: `override for node ${override.name} names bgpInstance "${io.name}", which CiliumBGPClusterConfig "${config.name}" does not define`,
        location: io.location,
        suggestion: suggestOneOf(io.name, names),
      });
      continue;
    }
    for (const po of io.peers) {
      if (instance.peers.some((p) => p.name === po.name)) continue;
      result.diagnostics.push({
        severity: "warning",
        code: "cilium-override-unknown-peer",
        message: `override for node ${override.name} names peer "${po.name}", which bgpInstance "${io.name}" does not define`,
        location: po.location,
        suggestion: suggestOneOf(
          po.name,
          instance.peers.map((p) => p.name),
        ),
      });
    }
  }
}
