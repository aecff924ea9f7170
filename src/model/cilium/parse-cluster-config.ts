// CiliumBGPClusterConfig: which nodes run BGP (nodeSelector) and their instances and peers.
import { canonicalIp } from "../../net/index.js";
import type { AutoDiscovery } from "../../bgp/config/speaker-config.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { suggestOneOf } from "../suggest.js";
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
    ...(localASN !== undefined ? { localASN, localASNLocation: r.at([...at, "localASN"]) } : {}),
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
  const common = {
    name,
    peerASN: peerASN ?? 0,
    ...(refName !== undefined
      ? { peerConfigRef: { name: refName, location: r.at([...at, "peerConfigRef", "name"]) } }
      : {}),
    location: r.at([...at, "name"]),
    ...(r.get([...at, "peerASN"]) !== undefined ? { peerASNLocation: r.at([...at, "peerASN"]) } : {}),
  };
  if (r.get([...at, "autoDiscovery"]) !== undefined) {
    const autoDiscovery = readAutoDiscovery(r, [...at, "autoDiscovery"], name);
    if (address !== undefined) {
      r.warn(
        [...at, "autoDiscovery"],
        "cilium-peer-address-and-discovery",
        `peer "${name}" has both peerAddress and autoDiscovery; fabric uses peerAddress`,
        "keep one of them",
      );
    } else {
      if (autoDiscovery === undefined || !asnValid) return undefined;
      return { ...common, autoDiscovery };
    }
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
  return { ...common, peerAddress, peerAddressLocation: r.at([...at, "peerAddress"]) };
}

/**
 * `autoDiscovery: { mode: DefaultGateway, defaultGateway: { addressFamily: ipv4 } }` (Cilium's
 * BGPAutoDiscovery, 1.18+), or `{ mode: Unnumbered, unnumbered: { interface: net0 } }` (Cilium
 * main's BGPUnnumbered, after 1.19): BGP unnumbered over that interface, the peer found from its
 * router advertisements.
 */
function readAutoDiscovery(r: DocReader, at: (string | number)[], peer: string): AutoDiscovery | undefined {
  r.unknownKeys(at, ["mode", "defaultGateway", "unnumbered"]);
  const mode = r.string([...at, "mode"]);
  if (mode === "Unnumbered") return readUnnumbered(r, at, peer);
  if (mode !== "DefaultGateway") {
    r.error(
      mode === undefined ? at : [...at, "mode"],
      "cilium-bad-auto-discovery",
      mode === undefined
        ? `peer "${peer}": autoDiscovery needs a mode`
        : `peer "${peer}": autoDiscovery mode "${mode}" is not valid`,
      suggestOneOf(mode ?? "", ["DefaultGateway", "Unnumbered"]) ?? "mode: DefaultGateway",
    );
    return undefined;
  }
  r.unknownKeys([...at, "defaultGateway"], ["addressFamily"]);
  const family = r.string([...at, "defaultGateway", "addressFamily"]);
  if (family !== "ipv4" && family !== "ipv6") {
    r.error(
      family === undefined ? at : [...at, "defaultGateway", "addressFamily"],
      "cilium-bad-auto-discovery",
      family === undefined
        ? `peer "${peer}": mode DefaultGateway needs defaultGateway.addressFamily (ipv4 or ipv6)`
        : `peer "${peer}": addressFamily "${family}" is not valid; it takes ipv4 or ipv6`,
    );
    return undefined;
  }
  return { mode: "DefaultGateway", addressFamily: family };
}

/** Cilium's CRD: `unnumbered` must be set with mode Unnumbered, `interface` 1–255 characters. */
function readUnnumbered(r: DocReader, at: (string | number)[], peer: string): AutoDiscovery | undefined {
  r.unknownKeys([...at, "unnumbered"], ["interface"]);
  const name = r.string([...at, "unnumbered", "interface"]);
  if (name === undefined || name.length === 0 || name.length > 255) {
    r.error(
      name === undefined ? at : [...at, "unnumbered", "interface"],
      "cilium-bad-auto-discovery",
      `peer "${peer}": mode Unnumbered needs unnumbered.interface, the node's interface to the peer`,
      "unnumbered: { interface: net0 }",
    );
    return undefined;
  }
  return { mode: "Unnumbered", interface: name };
}
