// Cilium BGP v2 resources as read and checked, before they are resolved per node. Every field is
// validated and defaulted the way Cilium's CRD schema does it (pkg/k8s/apis/cilium.io/v2
// bgp_*_types.go); locations are kept for the diagnostics resolution produces later.
import type { Location } from "../../errors.js";
import type { SecretResource } from "./parse-secret.js";
import type {
  Afi,
  AutoDiscovery,
  InboundPolicy,
  RouteAttributes,
  Safi,
  Timers,
} from "../../bgp/config/speaker-config.js";

export const SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

/** A Kubernetes LabelSelector. An empty one matches everything. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly {
    readonly key: string;
    readonly operator: SelectorOperator;
    readonly values: readonly string[];
  }[];
}

/** Where the peer is: a configured address, or discovered at run time (Cilium 1.18+). */
export type PeerTarget =
  | { readonly peerAddress: string; readonly autoDiscovery?: undefined }
  | { readonly peerAddress?: undefined; readonly autoDiscovery: AutoDiscovery };

export type PeerSpec = PeerTarget & {
  readonly name: string;
  readonly peerASN: number;
  readonly peerConfigRef?: { readonly name: string; readonly location: Location };
  readonly location: Location;
  /** Where peerASN and peerAddress are written (the peer's name when they are not). */
  readonly peerASNLocation?: Location;
  readonly peerAddressLocation?: Location;
};

export interface InstanceSpec {
  readonly name: string;
  readonly localASN?: number;
  readonly localASNLocation?: Location;
  readonly localPort?: number;
  readonly peers: readonly PeerSpec[];
  readonly location: Location;
}

export interface ClusterConfigResource {
  readonly name: string;
  /** Absent: the config applies to every node. */
  readonly nodeSelector?: LabelSelector;
  readonly nodeSelectorLocation: Location;
  readonly instances: readonly InstanceSpec[];
  readonly location: Location;
}

export interface FamilySpec {
  readonly afi: Afi;
  readonly safi: Safi;
  /** Absent: no advertisements for this family. */
  readonly advertisements?: LabelSelector;
  /** Where it is written; absent for Cilium's default families. */
  readonly location?: Location;
}

export interface PeerConfigResource {
  readonly name: string;
  readonly peerPort: number;
  readonly timers: Timers;
  readonly ebgpMultihop: number;
  readonly authSecretRef?: string;
  readonly authSecretRefLocation?: Location;
  readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSeconds: number };
  readonly families: readonly FamilySpec[];
  /** From fabric's annotations (import.ts); absent: Cilium's reject-everything default. */
  readonly inbound?: InboundPolicy;
  readonly location: Location;
}

export const SERVICE_ADDRESS_TYPES = ["ClusterIP", "ExternalIP", "LoadBalancerIP"] as const;
export type ServiceAddressType = (typeof SERVICE_ADDRESS_TYPES)[number];

export type AdvertisementSpec =
  | { readonly type: "PodCIDR"; readonly attributes: RouteAttributes }
  | {
      readonly type: "Service";
      readonly addresses: readonly ServiceAddressType[];
      /** Absent: no Service is selected (Cilium's rule for a missing selector). */
      readonly selector?: LabelSelector;
      readonly attributes: RouteAttributes;
    }
  | { readonly type: "Interface"; readonly interfaceName: string; readonly attributes: RouteAttributes };

export interface AdvertisementResource {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly advertisements: readonly AdvertisementSpec[];
  readonly location: Location;
}

export interface InstanceOverride {
  readonly name: string;
  readonly routerID?: string;
  readonly localPort?: number;
  readonly localASN?: number;
  readonly peers: readonly {
    readonly name: string;
    readonly localAddress?: string;
    readonly location: Location;
  }[];
  readonly location: Location;
}

export interface NodeOverrideResource {
  /** The Kubernetes node this applies to. */
  readonly name: string;
  readonly instances: readonly InstanceOverride[];
  readonly location: Location;
}

export interface CiliumBgpResources {
  readonly clusterConfigs: readonly ClusterConfigResource[];
  readonly peerConfigs: readonly PeerConfigResource[];
  readonly advertisements: readonly AdvertisementResource[];
  readonly nodeOverrides: readonly NodeOverrideResource[];
  /** v1 Secrets from the same files: authSecretRef's passwords. Absent: none. */
  readonly secrets?: readonly SecretResource[];
}

/** Cilium's bounds (kubebuilder validation markers). */
export const LIMITS = {
  asnMax: 4294967295,
  portMax: 65535,
  holdMin: 3,
  timerMax: 65535,
  connectRetryMax: 2147483647,
  multihopMax: 255,
  restartTimeMax: 4095,
} as const;
