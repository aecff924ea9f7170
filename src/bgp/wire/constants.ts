// Numbers from the BGP-4 wire format that more than one file needs. Each cites where it is
// defined; names follow the RFC text so a reader can search for them.

/** RFC 4271 §4.1: 16-octet marker, 2-octet length, 1-octet type. */
export const HEADER_LENGTH = 19;
export const MARKER_LENGTH = 16;
/** RFC 4271 §4.1 maximum message size; RFC 8654 raises it to 65535 once both sides agree. */
export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_EXTENDED_MESSAGE_LENGTH = 65535;

/** RFC 4271 §4.1 message types, plus ROUTE-REFRESH from RFC 2918 §3. */
export const MessageType = {
  open: 1,
  update: 2,
  notification: 3,
  keepalive: 4,
  routeRefresh: 5,
} as const;
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

/** RFC 4271 §6.1 Message Header Error subcodes. */
export const HeaderSubcode = {
  connectionNotSynchronized: 1,
  badMessageLength: 2,
  badMessageType: 3,
} as const;

/** RFC 4271 §6.2 OPEN Message Error subcodes (5 is deprecated), RFC 5492 §5 for 7. */
export const OpenSubcode = {
  unsupportedVersionNumber: 1,
  badPeerAs: 2,
  badBgpIdentifier: 3,
  unsupportedOptionalParameter: 4,
  unacceptableHoldTime: 6,
  unsupportedCapability: 7,
} as const;

/** RFC 4271 §6.3 UPDATE Message Error subcodes (7 is deprecated). */
export const UpdateSubcode = {
  malformedAttributeList: 1,
  unrecognizedWellKnownAttribute: 2,
  missingWellKnownAttribute: 3,
  attributeFlagsError: 4,
  attributeLengthError: 5,
  invalidOriginAttribute: 6,
  invalidNextHopAttribute: 8,
  optionalAttributeError: 9,
  invalidNetworkField: 10,
  malformedAsPath: 11,
} as const;

/** RFC 7313 §5: ROUTE-REFRESH Message Error subcode. */
export const RouteRefreshSubcode = { invalidMessageLength: 1 } as const;

/** RFC 4271 §4.3 attribute flag bits (high-order octet of the attribute type). */
export const AttrFlag = {
  optional: 0x80,
  transitive: 0x40,
  partial: 0x20,
  extendedLength: 0x10,
} as const;

/** IANA BGP Path Attributes registry, the type codes we interpret. */
export const AttrType = {
  origin: 1, // RFC 4271
  asPath: 2, // RFC 4271
  nextHop: 3, // RFC 4271
  med: 4, // RFC 4271 MULTI_EXIT_DISC
  localPref: 5, // RFC 4271
  atomicAggregate: 6, // RFC 4271
  aggregator: 7, // RFC 4271
  communities: 8, // RFC 1997
  originatorId: 9, // RFC 4456
  clusterList: 10, // RFC 4456
  mpReachNlri: 14, // RFC 4760
  mpUnreachNlri: 15, // RFC 4760
  as4Path: 17, // RFC 6793
  as4Aggregator: 18, // RFC 6793
  largeCommunity: 32, // RFC 8092
} as const;
export type AttrTypeCode = (typeof AttrType)[keyof typeof AttrType];

/** RFC 5492 §4 optional parameter type for capabilities; RFC 9072 §2 extended-length marker. */
export const OptParamType = { capabilities: 2, extendedLength: 255 } as const;

/** IANA Capability Codes we interpret. */
export const CapabilityCode = {
  multiprotocol: 1, // RFC 4760
  routeRefresh: 2, // RFC 2918
  extendedNextHop: 5, // RFC 8950
  gracefulRestart: 64, // RFC 4724
  fourOctetAs: 65, // RFC 6793
  enhancedRouteRefresh: 70, // RFC 7313
  fqdn: 73, // draft-walton-bgp-hostname-capability
} as const;
