// CiliumBGPNodeConfigOverride: per-node router ID, ASN, listen port and peer source addresses.
// Its metadata.name is the node it applies to.
import { canonicalIp, isIpv4 } from "../../net/index.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { LIMITS, type InstanceOverride, type NodeOverrideResource } from "./types.js";

export function readNodeOverride(r: DocReader, name: string): NodeOverrideResource {
  r.unknownKeys(["spec"], ["bgpInstances"]);
  const instances: InstanceOverride[] = [];
  (r.array(["spec", "bgpInstances"]) ?? []).forEach((_, i) => {
    const at = ["spec", "bgpInstances", i];
    r.unknownKeys(at, ["name", "routerID", "localPort", "localASN", "peers"]);
    const instanceName = r.string([...at, "name"]);
    const routerID = r.string([...at, "routerID"]);
    if (routerID !== undefined && !isIpv4(routerID)) {
      r.error(
        [...at, "routerID"],
        "cilium-bad-router-id",
        `routerID "${routerID}" is not an IPv4 address`,
        "a BGP identifier is written as a dotted quad",
      );
    }
    const localPort = r.integer([...at, "localPort"], 1, LIMITS.portMax, "cilium-port-range");
    const localASN = r.integer([...at, "localASN"], 1, LIMITS.asnMax, "cilium-asn-range");
    const peers: InstanceOverride["peers"][number][] = [];
    (r.array([...at, "peers"]) ?? []).forEach((_, j) => {
      const p = [...at, "peers", j];
      r.unknownKeys(p, ["name", "localAddress", "localPort"]);
      if (r.get([...p, "localPort"]) !== undefined) {
        r.warn(
          [...p, "localPort"],
          "cilium-deprecated",
          "peers[].localPort is deprecated and has no effect: the kernel picks the source port",
        );
      }
      const peerName = r.string([...p, "name"]);
      const written = r.string([...p, "localAddress"]);
      const localAddress = written === undefined ? undefined : canonicalIp(written);
      if (written !== undefined && localAddress === undefined) {
        r.error(
          [...p, "localAddress"],
          "cilium-bad-local-address",
          `localAddress "${written}" is not an IP address`,
        );
        return;
      }
      if (peerName === undefined) {
        r.error(p, "cilium-missing-name", "a peer override needs the name of the peer it overrides");
        return;
      }
      peers.push({
        name: peerName,
        ...(localAddress !== undefined ? { localAddress } : {}),
        location: r.at([...p, "name"]),
      });
    });
    if (instanceName === undefined) {
      r.error(at, "cilium-missing-name", "an instance override needs the name of the instance it overrides");
      return;
    }
    instances.push({
      name: instanceName,
      ...(routerID !== undefined && isIpv4(routerID) ? { routerID } : {}),
      ...(localPort !== undefined ? { localPort } : {}),
      ...(localASN !== undefined ? { localASN } : {}),
      peers,
      location: r.at([...at, "name"]),
    });
  });
  return { name, instances, location: r.at(["metadata", "name"]) };
}
