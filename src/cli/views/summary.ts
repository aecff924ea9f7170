// A plain, JSON-ready description of a resolved lab: what `fabric validate` prints and what
// scripts read with `--format json`. Pure; it only rearranges the model for people.
import type { Advertisement } from "../../bgp/config/speaker-config.js";
import type { ClusterIpFamily, Lab } from "../../model/model.js";
import { nodeRole, type NodeRole } from "../../model/roles.js";
import { placePods } from "../../model/k8s/index.js";

export interface NodeSummary {
  readonly name: string;
  readonly kind: string;
  readonly role: NodeRole;
  readonly image?: string;
  /** For `attached` nodes: the node whose network namespace they share. */
  readonly sharesNetworkWith?: string;
  readonly mgmtIpv4?: string;
}

export interface LinkSummary {
  readonly a: string;
  readonly b: string;
  readonly mtu: number;
}

export interface ClusterNodeSummary {
  readonly name: string;
  readonly role: string;
  readonly rack?: string;
  readonly nodeIP?: string;
  readonly podCIDR: string;
  /** One per family of the cluster, podCIDR first. */
  readonly podCIDRs: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface SessionSummary {
  readonly node: string;
  readonly instance: string;
  readonly localASN: number;
  readonly routerId: string;
  readonly peer: string;
  readonly peerAddress: string;
  readonly peerASN: number;
  readonly peerPort: number;
  readonly families: readonly string[];
  readonly advertises: readonly string[];
}

export interface LabSummary {
  readonly name: string;
  readonly source: string;
  readonly topology: { readonly name: string; readonly file: string; readonly mgmtSubnet: string };
  readonly nodes: readonly NodeSummary[];
  readonly links: readonly LinkSummary[];
  readonly cluster?: {
    readonly name: string;
    readonly file: string;
    readonly ipFamily: ClusterIpFamily;
    readonly podSubnet: string;
    readonly podSubnets: readonly string[];
    readonly nodes: readonly ClusterNodeSummary[];
  };
  readonly sessions: readonly SessionSummary[];
  readonly workloads: readonly {
    readonly kind: string;
    readonly name: string;
    readonly image?: string;
    /** Where its pods land: taints, tolerations and nodeSelector applied. */
    readonly nodes: readonly string[];
  }[];
  readonly conditions: Lab["bgpConditions"];
}

export function describeAdvertisement(ad: Advertisement): string {
  switch (ad.type) {
    case "PodCIDR":
      return `${ad.prefixes.join(", ")} (PodCIDR)`;
    case "Service":
      return `${ad.prefixes.join(", ")} (Service ${ad.service} ${ad.addressType})`;
    case "Interface":
      return `addresses of ${ad.interfaceName} (Interface)`;
  }
}

export function summarizeLab(lab: Lab): LabSummary {
  const nodes = lab.topology.nodes.map((n): NodeSummary => {
    const role = nodeRole(n);
    return {
      name: n.name,
      kind: n.kind,
      role,
      ...(n.image ? { image: n.image } : {}),
      ...(n.networkMode.type === "container" ? { sharesNetworkWith: n.networkMode.target } : {}),
      ...(n.mgmtIpv4 ? { mgmtIpv4: n.mgmtIpv4 } : {}),
    };
  });
  const links = lab.topology.links.map((l) => ({
    a: `${l.endpoints[0].node}:${l.endpoints[0].iface}`,
    b: `${l.endpoints[1].node}:${l.endpoints[1].iface}`,
    mtu: l.mtu,
  }));
  const placements = placePods([...lab.workloads], lab.cluster?.nodes ?? []);
  const sessions: SessionSummary[] = [];
  for (const [node, speaker] of lab.speakers) {
    for (const instance of speaker.instances) {
      for (const peer of instance.peers) {
        sessions.push({
          node,
          instance: instance.name,
          localASN: instance.localASN,
          routerId: instance.routerId,
          peer: peer.name,
          peerAddress: peer.address,
          peerASN: peer.peerASN,
          peerPort: peer.peerPort,
          families: peer.families.map((f) => `${f.afi}/${f.safi}`),
          advertises: peer.families.flatMap((f) => f.advertisements.map(describeAdvertisement)),
        });
      }
      // autoDiscovery peers: the address is only known on the node, at run time.
      for (const { autoDiscovery, peer } of instance.discoveredPeers ?? []) {
        sessions.push({
          node,
          instance: instance.name,
          localASN: instance.localASN,
          routerId: instance.routerId,
          peer: peer.name,
          peerAddress:
            autoDiscovery.mode === "DefaultGateway"
              ? `default gateway (${autoDiscovery.addressFamily})`
              : `router on ${autoDiscovery.interface} (unnumbered)`,
          peerASN: peer.peerASN,
          peerPort: peer.peerPort,
          families: peer.families.map((f) => `${f.afi}/${f.safi}`),
          advertises: peer.families.flatMap((f) => f.advertisements.map(describeAdvertisement)),
        });
      }
    }
  }
  return {
    name: lab.name,
    source: lab.source,
    topology: { name: lab.topology.name, file: lab.topology.file, mgmtSubnet: lab.topology.mgmt.ipv4Subnet },
    nodes,
    links,
    ...(lab.cluster
      ? {
          cluster: {
            name: lab.cluster.name,
            file: lab.cluster.file,
            ipFamily: lab.cluster.ipFamily,
            podSubnet: lab.cluster.podSubnet,
            podSubnets: lab.cluster.podSubnets,
            nodes: lab.cluster.nodes.map((n) => ({
              name: n.name,
              role: n.role,
              ...(n.labels["rack"] !== undefined ? { rack: n.labels["rack"] } : {}),
              ...(n.nodeIP ? { nodeIP: n.nodeIP } : {}),
              podCIDR: n.podCIDR,
              podCIDRs: n.podCIDRs,
              labels: n.labels,
            })),
          },
        }
      : {}),
    sessions,
    workloads: lab.workloads.map((w) => ({
      kind: w.kind,
      name: `${w.namespace}/${w.name}`,
      ...(w.image ? { image: w.image } : {}),
      nodes: placements.filter((p) => p.workload === w).map((p) => p.node),
    })),
    conditions: lab.bgpConditions,
  };
}
