// The shape every attribute codec shares, and the mutable bag the attribute-list decoder fills.
import type {
  Aggregator,
  AsPathSegment,
  LargeCommunity,
  Origin,
  Prefix,
  UnknownAttribute,
} from "../../model.js";
import type { ErrorHandling } from "../errors.js";
import type { Reader } from "../reader.js";

/** RFC 4760 §3: what MP_REACH_NLRI announces, for one AFI/SAFI. */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  /** IPv4 or IPv6 text; an IPv6 next hop for IPv4 routes is RFC 8950. */
  readonly nextHop: string;
  /** RFC 2545 §3: the second, link-local address of a 32-octet IPv6 next hop. */
  readonly linkLocalNextHop?: string;
  readonly prefixes: readonly Prefix[];
}

/** RFC 4760 §4: what MP_UNREACH_NLRI withdraws, for one AFI/SAFI. */
export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly prefixes: readonly Prefix[];
}

/** Filled attribute by attribute while decoding; frozen into PathAttributes afterwards. */
export interface AttributeBag {
  origin?: Origin;
  asPath?: AsPathSegment[];
  nextHop?: string;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  aggregator?: Aggregator;
  communities?: number[];
  largeCommunities?: LargeCommunity[];
  originatorId?: string;
  clusterList?: string[];
  as4Path?: AsPathSegment[];
  as4Aggregator?: Aggregator;
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  unknown: UnknownAttribute[];
}

export interface AttrDecodeContext {
  readonly fourOctetAs: boolean;
  readonly families?: readonly { readonly afi: number; readonly safi: number }[];
}

/** RFC 4271 §5 attribute categories, which fix the Optional and Transitive flag bits. */
export const Category = {
  wellKnown: "well-known",
  optionalTransitive: "optional-transitive",
  optionalNonTransitive: "optional-non-transitive",
} as const;
export type Category = (typeof Category)[keyof typeof Category];

/**
 * A problem inside one attribute's value. The attribute-list decoder turns it into a
 * BgpDecodeError with the attribute's own octets as data and the codec's RFC 7606 handling.
 */
export class AttrError extends Error {
  override readonly name = "AttrError";
  constructor(
    readonly subcode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AttributeCodec {
  readonly typeCode: number;
  readonly name: string;
  readonly category: Category;
  /** RFC 7606 §7: what a malformed instance of this attribute costs. */
  readonly malformed: ErrorHandling;
  /** Reads the whole value (`r` covers exactly it) into the bag; throws AttrError. */
  decode(r: Reader, bag: AttributeBag, ctx: AttrDecodeContext): void;
}

/** RFC 4271 §6.3 subcode 5, the usual complaint about a value of the wrong size. */
export function lengthError(name: string, got: number, want: string): AttrError {
  return new AttrError(5, `${name}: length ${got}, expected ${want}`);
}

export function requireLength(name: string, r: Reader, length: number): void {
  if (r.remaining !== length) throw lengthError(name, r.remaining, String(length));
}

/** For list-valued attributes: a non-zero multiple of `unit` octets (RFC 7606 §7.8, §7.9). */
export function requireMultiple(name: string, r: Reader, unit: number): void {
  if (r.remaining === 0 || r.remaining % unit !== 0) {
    throw lengthError(name, r.remaining, `a non-zero multiple of ${unit}`);
  }
}
