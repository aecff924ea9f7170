// CiliumBGPClusterConfig: which nodes run BGP (nodeSelector) and their instances and peers.
import { canonicalIp } from "../../net/index.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { readLabelSelector } from "./label-selector.js";
import { LIMITS, type ClusterConfigResource, type InstanceSpec, type PeerSpec } from "./types.js";

export function readClusterConfig(r: DocReader, name: string): ClusterConfigResource {
  r.unknownKeys(["spec"], ["nodeSelector", "bgpInstances"]);
  const nodeSelector = readLabelSelector(r, ["spec", "nodeSelector"]);
  const list = r.array(["spec", "bgpInstances"]) ?? [];
  if (list.length === 0) {
    r.error(
      ["spec"],
      "cilium-no-instances",
      `CiliumBGPClusterConfig "${name}" has no bgpInstances`,
      "add at least one instance with a name and localASN",
    );
  }
  const instances: InstanceSpec[] = [];
  list.forEach((_, i) => {
    const instance = readInstance(r, i);
    if (instance === undefined) return;
    if (instances.some((x) => x.name === instance.name)) {
      r.error(
        ["spec", "bgpInstances", i, "name"],
        "cilium-duplicate-instance",
        `bgpInstance "${instance.name}" is defined twice`,
        "instance names must be unique within a cluster config",
      );
      return;
    }
    instances.push(instance);
  });
  return {
    name,
    ...(nodeSelector ? { nodeSelector } : {}),
    nodeSelectorLocation: nodeSelector ? r.at(["spec", "nodeSelector"], "key") : r.at(["spec"], "key"),
    instances,
    location: r.at(["metadata", "name"]),
  };
}

function readInstance(r: DocReader, i: number): InstanceSpec | undefined {
  const at = ["spec", "bgpInstances", i];
  r.unknownKeys(at, ["name", "localASN", "localPort", "peers"]);
  const name = r.string([...at, "name"]);
  const localASN = r.integer([...at, "localASN"], 1, LIMITS.asnMax, "cilium-asn-range");
  const localPort = r.integer([...at, "localPort"], 1, LIMITS.portMax, "cilium-port-range");
  if (name === undefined || name === "") {
    r.error(at, "cilium-missing-name", "a bgpInstance needs a name");
    return undefined;
  }
  const peers: PeerSpec[] = [];
  (r.array([...at, "peers"]) ?? []).forEach((_, j) => {
    const peer = readPeer(r, [...at, "peers", j]);
    if (peer === undefined) return;
    if (peers.some((p) => p.name === peer.name)) {
      r.error(
        [...at, "peers", j, "name"],
        "cilium-duplicate-peer",
        `peer "${peer.name}" is defined twice in bgpInstance "${name}"`,
        "peer names must be unique within an instance",
      );
      return;
    }
    peers.push(peer);
  });
  return {
    name,
    ...(localASN !== undefined
      ? { localASN, localASNLocation: r.at([...at, "localASN"]) }
      : {}),
    ...(localPort !== undefined ? { localPort } : {}),
    peers,
    location: r.at([...at, "name"]),
  };
}

function readPeer(r: DocReader, at: (string | number)[]): PeerSpec | undefined {
  r.unknownKeys(at, ["name", "peerASN", "peerAddress", "peerConfigRef", "autoDiscovery"]);
  const name = r.string([...at, "name"]);
  const peerASN = r.integer([...at, "peerASN"], 0, LIMITS.asnMax, "cilium-asn-range");
  const address = r.string([...at, "peerAddress"]);
  const refName = r.string([...at, "peerConfigRef", "name"]);
  const asnValid = r.get([...at, "peerASN"]) === undefined || peerASN !== undefined;
  if (name === undefined || name === "") {
    r.error(at, "cilium-missing-name", "a peer needs a name");
    return undefined;
  }
  if (r.get([...at, "autoDiscovery"]) !== undefined) {
    r.warn(
      [...at, "autoDiscovery"],
      "cilium-unsupported",
      `peer "${name}": autoDiscovery is not supported by fabric yet`,
      address === undefined
        ? "set peerAddress; the peer is skipped until then"
        : "peerAddress is used instead",
    );
    if (address === undefined) return undefined;
  }
  if (address === undefined) {
    r.error(
      at,
      "cilium-missing-peer-address",
      `peer "${name}" has no peerAddress`,
      "set peerAddress to the neighbour's IP address",
    );
    return undefined;
  }
  const peerAddress = canonicalIp(address.trim());
  if (peerAddress === undefined) {
    r.error(
      [...at, "peerAddress"],
      "cilium-bad-peer-address",
      `peerAddress "${address}" is not an IPv4 or IPv6 address`,
    );
    return undefined;
  }
  if (!asnValid) return undefined;
  return {
    name,
    peerASN: peerASN ?? 0,
    peerAddress,
    ...(refName !== undefined
      ? { peerConfigRef: { name: refName, location: r.at([...at, "peerConfigRef", "name"]) } }
      : {}),
    location: r.at([...at, "name"]),
    ...(r.get([...at, "peerASN"]) !== undefined ? { peerASNLocation: r.at([...at, "peerASN"]) } : {}),
    peerAddressLocation: r.at([...at, "peerAddress"]),
  };
}
