// Cilium BGP v2 resources of a generated lab: one CiliumBGPClusterConfig per rack selecting the
// rack's nodes by their `rack=` label and peering with the rack's ToR loopback, one PeerConfig and
// one Advertisement of each node's PodCIDR, as the reference lab's policies. Pure.
import type { ClosPlan, RackPlan } from "./plan.js";
import { yamlStream } from "./yaml-text.js";

const API_VERSION = "cilium.io/v2";
export const PEER_CONFIG = "peer-config-generic";
const ADVERTISE = { advertise: "pod-cidr" } as const;

export function ciliumYaml(plan: ClosPlan, header: readonly string[]): string {
  return yamlStream([...plan.racks.map(clusterConfig), peerConfig(), advertisement()], { header });
}

function clusterConfig(rack: RackPlan): unknown {
  return {
    apiVersion: API_VERSION,
    kind: "CiliumBGPClusterConfig",
    metadata: { name: rack.label },
    spec: {
      nodeSelector: { matchLabels: { rack: rack.label } },
      bgpInstances: [
        {
          name: `instance-${rack.nodeAsn}`,
          localASN: rack.nodeAsn,
          peers: [
            {
              name: `peer-${rack.torAsn}-${rack.label}`,
              peerASN: rack.torAsn,
              // The ToR's loopback, reached over the node's default route to its end of the link.
              peerAddress: rack.torLoopback,
              peerConfigRef: { name: PEER_CONFIG },
            },
          ],
        },
      ],
    },
  };
}

function peerConfig(): unknown {
  return {
    apiVersion: API_VERSION,
    kind: "CiliumBGPPeerConfig",
    metadata: { name: PEER_CONFIG },
    spec: { families: [{ afi: "ipv4", safi: "unicast", advertisements: { matchLabels: ADVERTISE } }] },
  };
}

function advertisement(): unknown {
  return {
    apiVersion: API_VERSION,
    kind: "CiliumBGPAdvertisement",
    metadata: { name: ADVERTISE.advertise, labels: ADVERTISE },
    spec: { advertisements: [{ advertisementType: "PodCIDR" }] },
  };
}
