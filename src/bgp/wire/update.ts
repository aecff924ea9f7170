// RFC 4271 §4.3 UPDATE: withdrawn routes, path attributes, NLRI — with the MP_REACH/MP_UNREACH
// routes lifted out (RFC 4760) and RFC 7606 deciding what a malformed part costs.
import {
  AFI,
  EMPTY_ATTRIBUTES,
  SAFI,
  type AfiSafi,
  type AsPathSegment,
  type PathAttributes,
  type Prefix,
} from "../model.js";
import { mergeAs4 } from "./attributes/as4-merge.js";
import {
  decodeAttributeList,
  type AttributeLayout,
  type DiscardedAttribute,
  type TreatAsWithdraw,
} from "./attributes/decode-list.js";
import { encodeAttributeList } from "./attributes/encode-list.js";
import type { AttributeBag, MpReach, MpUnreach } from "./attributes/types.js";
import { AttrType, UpdateSubcode } from "./constants.js";
import type { CodecContext } from "./context.js";
import { notification } from "./errors.js";
import { decodePrefixes, encodePrefixes, type NlriError } from "./nlri.js";
import { Reader, type Underflow } from "./reader.js";
import { Writer } from "./writer.js";

/** An UPDATE as it goes on the wire; what encodeUpdate takes. */
export interface UpdateMessage {
  readonly type: "update";
  /** The classic Withdrawn Routes field (IPv4 unicast). */
  readonly withdrawnRoutes: readonly Prefix[];
  /** `nextHop` here is the NEXT_HOP attribute only; MP next hops live in `mpReach`. */
  readonly attributes: PathAttributes;
  /** The classic NLRI field (IPv4 unicast). */
  readonly nlri: readonly Prefix[];
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
  /** Attribute order and Extended Length choices; default ascending, extended only when needed. */
  readonly layout?: AttributeLayout;
}

/** One announced route with the attributes that apply to it (next hop of its own family). */
export interface Route {
  readonly prefix: Prefix;
  readonly attributes: PathAttributes;
}

/** What decodeUpdate returns: the wire view plus what the RIB should do with it. */
export interface ReceivedUpdate extends UpdateMessage {
  /** Every withdrawn prefix of every family; includes the announced ones on treat-as-withdraw. */
  readonly withdrawn: readonly Prefix[];
  /** Every announced route of every family; empty on treat-as-withdraw. */
  readonly announced: readonly Route[];
  /** RFC 7606 §2: set when the UPDATE's routes must be handled as withdrawn. */
  readonly treatAsWithdraw?: TreatAsWithdraw;
  /** Attributes dropped (RFC 7606 attribute-discard, duplicates, ignorable unknowns). */
  readonly discarded: readonly DiscardedAttribute[];
  /** RFC 4724 §2: the family this End-of-RIB marker closes. */
  readonly endOfRib?: AfiSafi;
}

const MALFORMED_LIST: Underflow = {
  what: "UPDATE",
  notification: notification(3, UpdateSubcode.malformedAttributeList),
  handling: "session-reset",
};

/** RFC 7606 §5.3: a bad prefix in the classic fields is a session reset with 3/10. */
const CLASSIC_NLRI: NlriError = {
  what: "NLRI",
  notification: notification(3, UpdateSubcode.invalidNetworkField),
  handling: "session-reset",
};

function freeze(bag: AttributeBag, ctx: CodecContext, discarded: DiscardedAttribute[]): PathAttributes {
  let asPath: readonly AsPathSegment[] = bag.asPath ?? [];
  let aggregator = bag.aggregator;
  if (!ctx.fourOctetAs && (bag.as4Path !== undefined || bag.as4Aggregator !== undefined)) {
    const merged = mergeAs4({ asPath, as4Path: bag.as4Path, aggregator, as4Aggregator: bag.as4Aggregator });
    asPath = merged.asPath;
    aggregator = merged.aggregator;
    discarded.push(...merged.ignored);
  }
  // Absent attributes are left out entirely so results compare cleanly with toEqual. Built by
  // assignment: this runs once per UPDATE, and while a lab converges most UPDATEs are small (each
  // node that comes up is announced to every other: up to a million in a 1,024-node lab, where
  // Object.entries/filter/fromEntries here took 2.4 s of the speaker host's CPU).
  const out: { -readonly [K in keyof PathAttributes]: PathAttributes[K] } = {
    asPath,
    atomicAggregate: bag.atomicAggregate ?? false,
    communities: bag.communities ?? [],
    largeCommunities: bag.largeCommunities ?? [],
    unknown: bag.unknown,
  };
  if (bag.origin !== undefined) out.origin = bag.origin;
  if (bag.nextHop !== undefined) out.nextHop = bag.nextHop;
  if (bag.med !== undefined) out.med = bag.med;
  if (bag.localPref !== undefined) out.localPref = bag.localPref;
  if (aggregator !== undefined) out.aggregator = aggregator;
  if (bag.originatorId !== undefined) out.originatorId = bag.originatorId;
  if (bag.clusterList !== undefined) out.clusterList = bag.clusterList;
  return out;
}

/** RFC 4271 §6.3 / RFC 7606 §3.d: which well-known mandatory attribute is missing, if any. */
function missingMandatory(bag: AttributeBag, classicNlri: boolean, mpNlri: boolean): number | undefined {
  if (!classicNlri && !mpNlri) return undefined;
  if (bag.origin === undefined) return AttrType.origin;
  if (bag.asPath === undefined) return AttrType.asPath;
  // RFC 4760 §3: NEXT_HOP is only required for routes in the classic NLRI field.
  if (classicNlri && bag.nextHop === undefined) return AttrType.nextHop;
  return undefined;
}

function withNextHop(attrs: PathAttributes, mp: MpReach): PathAttributes {
  const { linkLocalNextHop: _ll, ...rest } = attrs;
  const base = { ...rest, nextHop: mp.nextHop };
  return mp.linkLocalNextHop === undefined ? base : { ...base, linkLocalNextHop: mp.linkLocalNextHop };
}

export function decodeUpdate(body: Uint8Array, ctx: CodecContext): ReceivedUpdate {
  const r = new Reader(body, MALFORMED_LIST);
  // RFC 7606 §5.1 / RFC 4271 §6.3: lengths that overrun the message are a malformed list.
  const withdrawnRoutes = decodePrefixes(r.sub(r.u16()), "ipv4", CLASSIC_NLRI);
  const attrReader = r.sub(r.u16());
  const nlri = decodePrefixes(r, "ipv4", CLASSIC_NLRI);
  const list = decodeAttributeList(attrReader, ctx);
  const discarded = [...list.discarded];
  const attributes = freeze(list.bag, ctx, discarded);
  const { mpReach, mpUnreach } = list.bag;

  let treatAsWithdraw = list.treatAsWithdraw;
  const missing = missingMandatory(list.bag, nlri.length > 0, (mpReach?.prefixes.length ?? 0) > 0);
  if (missing !== undefined && treatAsWithdraw === undefined) {
    treatAsWithdraw = {
      reason: `missing well-known attribute ${missing}`,
      error: notification(3, UpdateSubcode.missingWellKnownAttribute, new Uint8Array([missing])),
    };
  }

  const mpWithdrawn = mpUnreach?.prefixes ?? [];
  let withdrawn: Prefix[] = [...withdrawnRoutes, ...mpWithdrawn];
  let announced: Route[] = nlri.map((prefix) => ({ prefix, attributes }));
  if (mpReach !== undefined) {
    const mpAttributes = withNextHop(attributes, mpReach);
    announced.push(...mpReach.prefixes.map((prefix) => ({ prefix, attributes: mpAttributes })));
  }
  if (treatAsWithdraw !== undefined) {
    withdrawn = [...withdrawn, ...announced.map((a) => a.prefix)];
    announced = [];
  }

  const message: ReceivedUpdate = {
    type: "update",
    withdrawnRoutes,
    attributes,
    nlri,
    ...(mpReach === undefined ? {} : { mpReach }),
    ...(mpUnreach === undefined ? {} : { mpUnreach }),
    layout: list.layout,
    withdrawn,
    announced,
    ...(treatAsWithdraw === undefined ? {} : { treatAsWithdraw }),
    discarded,
  };
  const eor = endOfRibFamily(message, body.length);
  return eor === undefined ? message : { ...message, endOfRib: eor };
}

/**
 * RFC 4724 §2: End-of-RIB is an UPDATE with nothing in it for IPv4 unicast, and an UPDATE whose
 * only attribute is an empty MP_UNREACH_NLRI for any other family.
 */
function endOfRibFamily(u: ReceivedUpdate, bodyLength: number): AfiSafi | undefined {
  if (bodyLength === 4) return { afi: AFI.ipv4, safi: SAFI.unicast };
  const order = u.layout?.order ?? [];
  if (
    u.mpUnreach !== undefined &&
    u.mpUnreach.prefixes.length === 0 &&
    order.length === 1 &&
    u.withdrawnRoutes.length === 0 &&
    u.nlri.length === 0
  ) {
    return { afi: u.mpUnreach.afi, safi: u.mpUnreach.safi };
  }
  return undefined;
}

export function encodeUpdate(u: UpdateMessage, ctx: CodecContext): Uint8Array {
  const w = new Writer(256);
  w.lengthPrefixed(2, () => encodePrefixes(w, u.withdrawnRoutes));
  const attrs = encodeAttributeList(u, ctx.fourOctetAs, u.layout);
  w.u16(attrs.length).bytes(attrs);
  encodePrefixes(w, u.nlri);
  return w.finish();
}

/**
 * RFC 4724 §2 End-of-RIB for a family, as a message for encodeMessage: an empty UPDATE for
 * IPv4 unicast, an UPDATE holding only an empty MP_UNREACH_NLRI for every other family.
 */
export function endOfRibUpdate(family: AfiSafi): UpdateMessage {
  const empty: UpdateMessage = {
    type: "update",
    withdrawnRoutes: [],
    attributes: EMPTY_ATTRIBUTES,
    nlri: [],
  };
  if (family.afi === AFI.ipv4 && family.safi === SAFI.unicast) return empty;
  return { ...empty, mpUnreach: { afi: family.afi, safi: family.safi, prefixes: [] } };
}

/** The End-of-RIB UPDATE body (without the header). */
export function encodeEndOfRib(family: AfiSafi): Uint8Array {
  return encodeUpdate(endOfRibUpdate(family), { fourOctetAs: true });
}
