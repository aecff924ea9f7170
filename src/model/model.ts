// The resolved picture of a lab: what every later stage (plan, runtime, speaker, checks) reads.
// These types are fully defaulted; the "as written" shapes live beside each parser.
import type { Location } from "../errors.js";
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";
import type { CiliumBgpResources } from "./cilium/types.js";
import type { CheckSpec } from "./lab-file/checks/spec.js";
import type { Scenario } from "./lab-file/checks/scenario.js";
import type { NodeFilesystem } from "./lab-file/node-filesystem.js";

/** containerlab's defaults when a topology says nothing about management. */
export const DEFAULT_PREFIX = "clab";
export const DEFAULT_MGMT = {
  network: "clab",
  ipv4Subnet: "172.20.20.0/24",
  ipv6Subnet: "3fff:172:20:20::/64",
} as const;
export const DEFAULT_LINK_MTU = 9500;

/** Node kinds fabric runs. Other containerlab kinds are recognised and refused with a reason. */
export const NODE_KINDS = ["linux", "frr", "k8s-kind", "bridge"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface Bind {
  readonly source: string; // absolute path on the host
  readonly target: string; // path inside the node
  readonly readOnly: boolean;
}

export type NetworkMode =
  | { readonly type: "default" }
  | { readonly type: "host" }
  | { readonly type: "none" }
  /** Share the network namespace of another topology node or of a Kubernetes node. */
  | { readonly type: "container"; readonly target: string; readonly targetIs: "node" | "cluster-node" };

export interface TopologyNode {
  readonly name: string;
  readonly kind: NodeKind;
  readonly image?: string;
  readonly group?: string;
  readonly cmd?: string;
  readonly entrypoint?: string;
  readonly exec: readonly string[];
  readonly binds: readonly Bind[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Absolute path; for `k8s-kind` nodes this is the kind cluster config. */
  readonly startupConfig?: string;
  readonly networkMode: NetworkMode;
  readonly mgmtIpv4?: string;
  readonly location: Location;
}

export interface Endpoint {
  readonly node: string;
  readonly iface: string;
}

export interface TopologyLink {
  readonly endpoints: readonly [Endpoint, Endpoint];
  readonly mtu: number;
  readonly location: Location;
}

export interface Mgmt {
  readonly network: string;
  readonly ipv4Subnet: string;
  readonly ipv6Subnet?: string;
  readonly bridge?: string;
  /**
   * Where `mgmt.ipv4-subnet` is written, or where it would go (the nearest enclosing map) when it
   * is not: lab-wide rules that find the subnet too small point there.
   */
  readonly ipv4SubnetLocation?: Location;
}

export interface Topology {
  readonly file: string;
  readonly name: string;
  /** Container/namespace name prefix; "" when the topology sets `prefix: ""`. */
  readonly prefix: string;
  readonly mgmt: Mgmt;
  /** In the order written. */
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
}

export type ClusterRole = "control-plane" | "worker";

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface ClusterNode {
  /** Exactly as kind names it: `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2` … */
  readonly name: string;
  readonly role: ClusterRole;
  readonly nodeIP?: string;
  /** node-labels plus the standard ones (hostname, control-plane role). */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** The first of podCIDRs, as Kubernetes' spec.podCIDR. */
  readonly podCIDR: string;
  /**
   * One per family of the cluster, in podSubnet's order: an IPv4 /24 and/or an IPv6 /64 (kind's
   * split), the node's place in config order picking which one.
   */
  readonly podCIDRs: readonly string[];
  readonly location: Location;
}

/** kind's `networking.ipFamily`. */
export type ClusterIpFamily = "ipv4" | "ipv6" | "dual";

export interface Cluster {
  readonly file: string;
  readonly name: string;
  readonly ipFamily: ClusterIpFamily;
  /** The first of podSubnets (Kubernetes' primary family). */
  readonly podSubnet: string;
  /** One subnet per family, as written ("10.244.0.0/16,fd00:10:244::/56") or kind's default. */
  readonly podSubnets: readonly string[];
  /** The first of serviceSubnets. */
  readonly serviceSubnet: string;
  readonly serviceSubnets: readonly string[];
  readonly disableDefaultCNI: boolean;
  readonly nodes: readonly ClusterNode[];
}

/** A workload that places pods (a DaemonSet, a Deployment's replicas, or a single Pod). */
export interface Workload {
  readonly kind: "DaemonSet" | "Deployment" | "Pod";
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly image?: string;
  /** The first container's imagePullPolicy as written; absent means Kubernetes' default. */
  readonly imagePullPolicy?: string;
  readonly command: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** For a Pod that names its node. */
  readonly nodeName?: string;
  /** The first container's named ports, for Services whose targetPort is a name. */
  readonly containerPorts?: readonly { readonly name: string; readonly port: number }[];
  /** A Deployment's `spec.replicas` (Kubernetes' default 1); absent for the other kinds. */
  readonly replicas?: number;
  readonly location: Location;
}

export interface Toleration {
  readonly key?: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: Taint["effect"];
}

/** One entry of a Service's `spec.ports`; a named targetPort is resolved against the pods' ports. */
export interface ServicePort {
  readonly name?: string;
  readonly protocol: "TCP" | "UDP";
  readonly port: number;
  /** A number, or the name of a container port. */
  readonly targetPort: number | string;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly type: "ClusterIP" | "NodePort" | "LoadBalancer";
  /**
   * As written until the lab is assembled; then the address Kubernetes gives it (allocated from
   * the service subnet when the manifest has none). Empty for a headless Service.
   */
  readonly clusterIPs: readonly string[];
  readonly headless: boolean;
  readonly externalIPs: readonly string[];
  /** Assigned: from the manifest's status, or by a CiliumLoadBalancerIPPool when the lab has pools. */
  readonly loadBalancerIPs: readonly string[];
  /** `spec.loadBalancerIP` and the `lbipam.cilium.io/ips` annotation: what LB-IPAM must give. */
  readonly requestedLoadBalancerIPs: readonly string[];
  /** Absent: a Service without a selector, whose endpoints Kubernetes does not manage. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  readonly externalTrafficPolicy: "Cluster" | "Local";
  readonly location: Location;
  /** Where fields are written, for the errors found when the lab is assembled. */
  readonly at: {
    readonly clusterIP?: Location;
    readonly loadBalancerIP?: Location;
    readonly selector?: Location;
  };
}

/** A condition Cilium would set on its resources, kept so `validate` can show it. */
export interface BgpCondition {
  readonly resource: string; // e.g. "CiliumBGPClusterConfig/rack0"
  readonly type: string; // e.g. "NoMatchingNode", "MissingPeerConfigs", "ConflictingClusterConfigs"
  readonly message: string;
  readonly location?: Location;
}

export interface Lab {
  /** The lab directory or the topology file the user named. */
  readonly source: string;
  readonly name: string;
  readonly topology: Topology;
  readonly cluster?: Cluster;
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  /** One entry per Kubernetes node that runs a speaker, keyed by node name. */
  readonly speakers: ReadonlyMap<string, SpeakerConfig>;
  /**
   * The Cilium BGP resources the speakers were resolved from, to resolve them again against the
   * cluster a real provider made (kind chooses its nodes' PodCIDRs).
   */
  readonly bgpResources: CiliumBgpResources;
  readonly bgpConditions: readonly BgpCondition[];
  /** What `fabric test` asserts; absent for a bare topology file. */
  readonly checks?: readonly CheckSpec[];
  /** Faults and checks in order, run by `fabric test` after the checks. */
  readonly scenarios?: readonly Scenario[];
  /** Each node's writable space and whether binds may share system directories (the lab file's). */
  readonly nodeFilesystem?: NodeFilesystem;
}
