// externalTrafficPolicy Local as Cilium's BGP control plane applies it: a node advertises a
// Service's LoadBalancer and external addresses only while it has a ready endpoint of that Service
// itself, so routers send traffic only where it is served without a second hop (and the client's
// address survives). ClusterIPs and Services with policy Cluster are advertised by every node the
// advertisement selects. Pure: the node's configuration from the CRDs, minus what it must not say.
import type { Advertisement, SpeakerConfig } from "../../bgp/config/speaker-config.js";

/** `namespace/name`, as Service advertisements name their Service. */
export type ServiceId = string;

function gated(
  adv: Advertisement,
  localServices: ReadonlySet<ServiceId>,
): adv is Extract<Advertisement, { type: "Service" }> {
  return adv.type === "Service" && adv.addressType !== "ClusterIP" && localServices.has(adv.service);
}

/** Whether the node's configuration advertises an address that policy Local governs. */
export function hasLocalPolicyAdvertisements(
  config: SpeakerConfig,
  localServices: ReadonlySet<ServiceId>,
): boolean {
  return config.instances.some((i) =>
    i.peers.some((p) => p.families.some((f) => f.advertisements.some((a) => gated(a, localServices)))),
  );
}

/**
 * `served`: the Local Services with a ready endpoint on this node. Their advertisements stay;
 * those of the other Local Services go.
 */
export function applyLocalPolicy(
  config: SpeakerConfig,
  localServices: ReadonlySet<ServiceId>,
  served: ReadonlySet<ServiceId>,
): SpeakerConfig {
  return {
    ...config,
    instances: config.instances.map((instance) => ({
      ...instance,
      peers: instance.peers.map((peer) => ({
        ...peer,
        families: peer.families.map((family) => ({
          ...family,
          advertisements: family.advertisements.filter(
            (a) => !gated(a, localServices) || served.has(a.service),
          ),
        })),
      })),
    })),
  };
}
