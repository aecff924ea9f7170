// The BGP vocabulary shared by the codec (wire/), the state machine (fsm/) and the RIB (rib/):
// decoded, semantic values with no byte layout in them. Type codes cite the IANA registries
// and RFCs that define them.

import type { IpFamily } from "../net/index.js";

/** RFC 4760 / IANA Address Family Numbers and SAFI values we speak. */
export const AFI = { ipv4: 1, ipv6: 2 } as const;
export type AfiName = keyof typeof AFI;

/** The address family of net/ behind each AFI name, and back. */
export const AFI_FAMILY = { ipv4: 4, ipv6: 6 } as const satisfies Record<AfiName, IpFamily>;
export function afiOfFamily(family: IpFamily): AfiName {
  return family === 4 ? "ipv4" : "ipv6";
}
export const SAFI = { unicast: 1 } as const;
export type SafiName = keyof typeof SAFI;

/** An address family as negotiated: AFI/SAFI numbers kept raw so unknown ones survive decode. */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

/**
 * An IP prefix in text form: `10.1.0.0/24`, `2001:db8::/32`. Host bits are zero and the address
 * is net/'s canonical text (every producer formats it with formatIp), so `prefixKey` gives one
 * key per prefix whether it came from the config or off the wire.
 */
export interface Prefix {
  readonly afi: AfiName;
  readonly address: string;
  readonly length: number;
}

export function prefixKey(p: Prefix): string {
  return `${p.address}/${p.length}`;
}

/** RFC 4271 §4.3 ORIGIN values. */
export const Origin = { igp: 0, egp: 1, incomplete: 2 } as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

/** RFC 4271 §4.3 AS_PATH segment types, plus RFC 5065 confederation segments. */
export const AsPathSegmentType = { set: 1, sequence: 2, confedSequence: 3, confedSet: 4 } as const;
export type AsPathSegmentType = (typeof AsPathSegmentType)[keyof typeof AsPathSegmentType];

export interface AsPathSegment {
  readonly type: AsPathSegmentType;
  /** Always 4-octet values once decoded (RFC 6793 reconstructs them from AS4_PATH). */
  readonly asns: readonly number[];
}

/** RFC 6793: the 2-octet placeholder for an ASN that does not fit in 16 bits. */
export const AS_TRANS = 23456;

/** RFC 1997 well-known communities, by the names FRR and Cilium use. */
export const WELL_KNOWN_COMMUNITIES = {
  "no-export": 0xffffff01,
  "no-advertise": 0xffffff02,
  "no-export-subconfed": 0xffffff03,
  "no-peer": 0xffffff04, // RFC 3765
  blackhole: 0xffff029a, // RFC 7999
  "graceful-shutdown": 0xffff0000, // RFC 8326
  "accept-own": 0xffff0001, // RFC 7611
  "llgr-stale": 0xffff0006,
  "no-llgr": 0xffff0007,
} as const;

export interface LargeCommunity {
  readonly globalAdmin: number;
  readonly localData1: number;
  readonly localData2: number;
}

export interface Aggregator {
  readonly asn: number;
  readonly address: string;
}

/** An attribute we do not interpret, kept byte for byte so it can be passed on (RFC 4271 §5). */
export interface UnknownAttribute {
  readonly flags: number;
  readonly typeCode: number;
  readonly value: Uint8Array;
}

/**
 * The path attributes of a route, decoded. NLRI and MP_REACH/MP_UNREACH are not here: the
 * codec lifts them into the UPDATE's announced/withdrawn lists with their next hops.
 */
export interface PathAttributes {
  readonly origin?: Origin;
  readonly asPath: readonly AsPathSegment[];
  /** IPv4 NEXT_HOP attribute, or the MP_REACH next hop for the route's family. */
  readonly nextHop?: string;
  /** The IPv6 link-local next hop when MP_REACH carries two (RFC 2545). */
  readonly linkLocalNextHop?: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate: boolean;
  readonly aggregator?: Aggregator;
  /** RFC 1997 communities as 32-bit numbers, in the order received. */
  readonly communities: readonly number[];
  readonly largeCommunities: readonly LargeCommunity[];
  readonly originatorId?: string;
  readonly clusterList?: readonly string[];
  readonly unknown: readonly UnknownAttribute[];
}

export const EMPTY_ATTRIBUTES: PathAttributes = {
  asPath: [],
  atomicAggregate: false,
  communities: [],
  largeCommunities: [],
  unknown: [],
};

/** RFC 5492 capabilities we understand; others are kept raw and ignored, as the RFC says. */
export type Capability =
  | { readonly type: "multiprotocol"; readonly afiSafi: AfiSafi } // RFC 4760, code 1
  | { readonly type: "route-refresh" } // RFC 2918, code 2
  | {
      readonly type: "extended-next-hop"; // RFC 8950, code 5
      readonly entries: readonly {
        readonly afi: number;
        readonly safi: number;
        readonly nextHopAfi: number;
      }[];
    }
  | {
      readonly type: "graceful-restart"; // RFC 4724, code 64
      readonly restarting: boolean;
      /** RFC 8538 "N" bit: the speaker supports graceful restart for NOTIFICATION messages. */
      readonly notification?: boolean;
      readonly restartTimeSeconds: number;
      readonly families: readonly {
        readonly afi: number;
        readonly safi: number;
        readonly forwardingPreserved: boolean;
      }[];
    }
  | { readonly type: "four-octet-as"; readonly asn: number } // RFC 6793, code 65
  | { readonly type: "enhanced-route-refresh" } // RFC 7313, code 70
  | { readonly type: "fqdn"; readonly hostname: string; readonly domain: string } // draft-walton-bgp-hostname, code 73
  | { readonly type: "unknown"; readonly code: number; readonly value: Uint8Array };

/** RFC 4271 §4.5 NOTIFICATION error codes. */
export const ErrorCode = {
  messageHeader: 1,
  openMessage: 2,
  updateMessage: 3,
  holdTimerExpired: 4,
  fsm: 5,
  cease: 6,
  routeRefresh: 7, // RFC 7313
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What a NOTIFICATION carries; also what every decode error turns into. */
export interface NotificationData {
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}
