// What one speaker process runs: plain data, fully defaulted, no Kubernetes left in it.
// Produced from Cilium's CRDs by ../../topology/cilium (resolution per node) and consumed by the
// speaker's session layer. Field names follow Cilium's v2 API where one exists so that a user
// can map what they wrote to what runs.

export type Afi = "ipv4" | "ipv6";
export type Safi = "unicast";

/** Cilium's defaults (CiliumBGPPeerConfig `timers`). */
export const DEFAULT_TIMERS = {
  connectRetryTimeSeconds: 120,
  holdTimeSeconds: 90,
  keepAliveTimeSeconds: 30,
} as const;
export const DEFAULT_PEER_PORT = 179;
export const DEFAULT_EBGP_MULTIHOP = 1;
/** TCP_MD5SIG_MAXKEYLEN (include/uapi/linux/tcp.h): the kernel refuses longer keys. */
export const MD5_MAX_KEY_BYTES = 80;

export interface Timers {
  readonly connectRetryTimeSeconds: number;
  /** 0 means no keepalives and no hold timer (RFC 4271 §4.2); otherwise at least 3. */
  readonly holdTimeSeconds: number;
  readonly keepAliveTimeSeconds: number;
}

/** Path attributes an advertisement attaches to what it announces. */
export interface RouteAttributes {
  /** RFC 1997 communities as `asn:value` strings; well-known names already turned into numbers. */
  readonly standardCommunities: readonly string[];
  /** RFC 8092 large communities as `global:local1:local2`. */
  readonly largeCommunities: readonly string[];
  /** Sent to iBGP peers only (RFC 4271 §5.1.5). */
  readonly localPreference?: number;
}

/**
 * One thing to announce. Prefixes are resolved where the model knows them (the node's PodCIDR,
 * Service addresses from manifests); an interface's addresses are only known at run time, so
 * that advertisement names the interface and the speaker reads its addresses.
 */
export type Advertisement =
  | {
      readonly type: "PodCIDR";
      readonly prefixes: readonly string[];
      readonly attributes: RouteAttributes;
    }
  | {
      readonly type: "Service";
      /** The Service (namespace/name) and which of its addresses, each as a /32 or /128. */
      readonly service: string;
      readonly addressType: "ClusterIP" | "ExternalIP" | "LoadBalancerIP";
      readonly prefixes: readonly string[];
      readonly attributes: RouteAttributes;
    }
  | {
      readonly type: "Interface";
      readonly interfaceName: string;
      readonly attributes: RouteAttributes;
    };

export interface PeerFamily {
  readonly afi: Afi;
  readonly safi: Safi;
  readonly advertisements: readonly Advertisement[];
}

/**
 * What happens to the routes a peer sends. Cilium >= 1.16 rejects every inbound route (cilium PR
 * 33035): they are counted (the Received column of `cilium bgp peers`) and dropped, never in the
 * Adj-RIB-In nor the Loc-RIB. `import` is fabric's opt-in beyond Cilium: routes are kept, take
 * part in best-path selection and can be exported, up to `maxPrefixes` per peer.
 */
export type InboundPolicy =
  | { readonly mode: "reject" }
  | {
      readonly mode: "import";
      /** Above this many prefixes (per address family), Cease/1 (RFC 4486 §4) closes the session. */
      readonly maxPrefixes: number;
    };

export const REJECT_INBOUND: InboundPolicy = { mode: "reject" };

/**
 * The maximum-prefix limit when import is on and none is set. A Kubernetes node learns at most
 * the fabric's own prefixes: a PodCIDR per node, Service addresses and a few defaults, a few
 * thousand even at 4,096 nodes. 100,000 leaves that more than 20 times over while bounding what one
 * peer can make a speaker host hold to about 20 MB (at <= 200 heap bytes per kept route); a peer
 * sending a full Internet table (about 1M IPv4 prefixes) is a mistake this catches.
 */
export const DEFAULT_MAX_PREFIXES = 100_000;

export interface PeerConfig {
  readonly name: string;
  /** IPv4 or IPv6 address of the peer. */
  readonly address: string;
  /**
   * The interface a link-local `address` is on (autoDiscovery Unnumbered): a link-local address
   * means nothing without one, so connections are bound to it (SO_BINDTODEVICE).
   */
  readonly interface?: string;
  /** 0: accept whatever ASN the peer's OPEN carries (Cilium's `peerASN: 0`). */
  readonly peerASN: number;
  readonly peerPort: number;
  /** Source address for the TCP connection (NodeConfigOverride `localAddress`). */
  readonly localAddress?: string;
  readonly timers: Timers;
  /** The outgoing IP TTL; 1 means directly connected. */
  readonly ebgpMultihop: number;
  readonly families: readonly PeerFamily[];
  /** The Secret the password came from (Cilium's authSecretRef), for messages. */
  readonly authSecretRef?: string;
  /**
   * The TCP-MD5 key (RFC 2385) from that Secret's `password`: set on the connecting socket and,
   * for this peer's address, on the listening one. Absent: segments are neither signed nor
   * required to be.
   */
  readonly password?: string;
  readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSeconds: number };
  /** Absent: Cilium's behaviour, REJECT_INBOUND. */
  readonly inbound?: InboundPolicy;
}

/**
 * Cilium's `autoDiscovery`. DefaultGateway (1.18+): the peer is whatever the node's default route
 * of that family points at, read at run time and followed when it changes. Unnumbered (Cilium
 * main, after 1.19): the peer is the router on `interface`, at the IPv6 link-local address its
 * router advertisements come from; the session runs over that link with no IPv4 address on it.
 */
export type AutoDiscovery =
  | { readonly mode: "DefaultGateway"; readonly addressFamily: Afi }
  | { readonly mode: "Unnumbered"; readonly interface: string };

/** A peer whose address the speaker discovers: everything of a PeerConfig but the address. */
export interface DiscoveredPeerConfig {
  readonly autoDiscovery: AutoDiscovery;
  readonly peer: Omit<PeerConfig, "address">;
}

export interface InstanceConfig {
  readonly name: string;
  readonly localASN: number;
  /** Dotted-quad BGP identifier. */
  readonly routerId: string;
  /** Listen for incoming connections on this port; absent means do not listen (Cilium's rule). */
  readonly localPort?: number;
  readonly peers: readonly PeerConfig[];
  /** Peers found at run time (autoDiscovery); absent when there are none. */
  readonly discoveredPeers?: readonly DiscoveredPeerConfig[];
}

export interface SpeakerConfig {
  /** The Kubernetes node this speaker runs for. */
  readonly node: string;
  readonly instances: readonly InstanceConfig[];
}
