// What the cluster's Services need right now, from which pods are ready: each node's nftables
// table, and the speaker configuration of each node whose advertisements externalTrafficPolicy
// Local governs. Pure; deploy and `fabric svc sync` (after a pod stops or starts) apply it.
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import type { DeployedCluster } from "../../state/lab-info.js";
import { familyOf } from "../../net/index.js";
import { serviceEndpoints, type PortEndpoints } from "./endpoints.js";
import { applyLocalPolicy } from "./local-advertisements.js";
import { nodeRuleset } from "./nft-ruleset.js";

export interface ServiceEndpointsView {
  readonly service: string;
  readonly ports: readonly PortEndpoints[];
}

export interface ServicesPlan {
  /** Node → its `nft -f` text; empty when the cluster has no Service. */
  readonly rulesets: ReadonlyMap<string, string>;
  /** Node → the speaker configuration it must run (only nodes Local governs). */
  readonly speakers: ReadonlyMap<string, SpeakerConfig>;
  readonly endpoints: readonly ServiceEndpointsView[];
}

export function planServices(cluster: DeployedCluster, ready: ReadonlySet<string>): ServicesPlan {
  const services = cluster.services ?? [];
  if (services.length === 0) return { rulesets: new Map(), speakers: new Map(), endpoints: [] };
  const withEndpoints = services.map((service) => ({
    service,
    ports: serviceEndpoints(service, cluster.pods, ready),
  }));
  const rulesets = new Map(
    cluster.nodes.map((n) => [
      n.name,
      nodeRuleset({ node: n.name, podSubnet: ipv4PodSubnet(cluster), services: withEndpoints }),
    ]),
  );
  const local = new Set(
    services.filter((s) => s.externalTrafficPolicy === "Local").map((s) => `${s.namespace}/${s.name}`),
  );
  const speakers = new Map<string, SpeakerConfig>();
  for (const [node, base] of Object.entries(cluster.localPolicySpeakers ?? {})) {
    const served = new Set(
      withEndpoints
        .filter(({ ports }) => ports.some((p) => p.endpoints.some((e) => e.node === node)))
        .map(({ service }) => `${service.namespace}/${service.name}`),
    );
    speakers.set(node, applyLocalPolicy(base, local, served));
  }
  return {
    rulesets,
    speakers,
    endpoints: withEndpoints.map(({ service, ports }) => ({
      service: `${service.namespace}/${service.name}`,
      ports,
    })),
  };
}

/**
 * The rules are IPv4 (`ip saddr`), like the Services: a dual-stack cluster's IPv4 pod subnet,
 * whichever family its podSubnet lists first. The model refuses Services without IPv4.
 */
function ipv4PodSubnet(cluster: DeployedCluster): string {
  const subnets = cluster.podSubnets ?? [cluster.podSubnet];
  return subnets.find((s) => familyOf(s.split("/")[0] ?? "") === 4) ?? cluster.podSubnet;
}
