// Writes the Path Attributes field. RFC 4271 §5 says attributes SHOULD go in ascending type
// order, which is our default; a layout taken from a decoded UPDATE reproduces another sender's
// order and Extended Length choices exactly (FRR, for one, puts MP_REACH_NLRI first).
import { InternalError } from "../../../errors.js";
import type { PathAttributes } from "../../model.js";
import { AttrFlag, AttrType } from "../constants.js";
import { Writer } from "../writer.js";
import { encodeAggregator, encodeAs4Aggregator } from "./aggregation.js";
import { as4PathSegments, encodeSegments, needsAs4Path } from "./as-path.js";
import { encodeClusterList } from "./cluster-list.js";
import { encodeCommunities, encodeLargeCommunities } from "./communities.js";
import type { AttributeLayout } from "./decode-list.js";
import { encodeMpReach, encodeMpUnreach } from "./mp-nlri.js";
import { encodeNextHop } from "./next-hop.js";
import { encodeOrigin } from "./origin.js";
import { ATTRIBUTE_CODECS, categoryFlags } from "./registry.js";
import { encodeOriginatorId, encodeU32 } from "./scalars.js";
import type { MpReach, MpUnreach } from "./types.js";

interface Entry {
  readonly typeCode: number;
  readonly flags: number;
  readonly write: (w: Writer) => void;
}

export interface EncodeAttributesInput {
  readonly attributes: PathAttributes;
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
}

function known(typeCode: number, write: (w: Writer) => void): Entry {
  const codec = ATTRIBUTE_CODECS.get(typeCode);
  if (codec === undefined) throw new InternalError(`no codec for attribute ${typeCode}`);
  return { typeCode, flags: categoryFlags(codec.category), write };
}

function entries(input: EncodeAttributesInput, fourOctetAs: boolean): Entry[] {
  const a = input.attributes;
  const out: Entry[] = [];
  const { origin, nextHop, med, localPref, aggregator, originatorId, clusterList } = a;
  if (origin !== undefined) out.push(known(AttrType.origin, (w) => encodeOrigin(w, origin)));
  // AS_PATH is written even when empty: an empty path is how iBGP originates (RFC 4271 §5.1.2).
  if (origin !== undefined || a.asPath.length > 0) {
    out.push(known(AttrType.asPath, (w) => encodeSegments(w, a.asPath, fourOctetAs ? 4 : 2)));
  }
  if (nextHop !== undefined) out.push(known(AttrType.nextHop, (w) => encodeNextHop(w, nextHop)));
  if (med !== undefined) out.push(known(AttrType.med, (w) => encodeU32(w, med)));
  if (localPref !== undefined) out.push(known(AttrType.localPref, (w) => encodeU32(w, localPref)));
  if (a.atomicAggregate) out.push(known(AttrType.atomicAggregate, () => undefined));
  if (aggregator !== undefined) {
    out.push(known(AttrType.aggregator, (w) => encodeAggregator(w, aggregator, fourOctetAs)));
    // RFC 6793 §4.2.2: towards an OLD speaker a 4-octet aggregator ASN travels in AS4_AGGREGATOR.
    if (!fourOctetAs && aggregator.asn > 0xffff) {
      out.push(known(AttrType.as4Aggregator, (w) => encodeAs4Aggregator(w, aggregator)));
    }
  }
  if (a.communities.length > 0)
    out.push(known(AttrType.communities, (w) => encodeCommunities(w, a.communities)));
  if (originatorId !== undefined) {
    out.push(known(AttrType.originatorId, (w) => encodeOriginatorId(w, originatorId)));
  }
  if (clusterList !== undefined)
    out.push(known(AttrType.clusterList, (w) => encodeClusterList(w, clusterList)));
  const { mpReach, mpUnreach } = input;
  if (mpReach !== undefined) out.push(known(AttrType.mpReachNlri, (w) => encodeMpReach(w, mpReach)));
  if (mpUnreach !== undefined) out.push(known(AttrType.mpUnreachNlri, (w) => encodeMpUnreach(w, mpUnreach)));
  if (!fourOctetAs && needsAs4Path(a.asPath)) {
    // RFC 6793 §4.2.2: AS_PATH carries AS_TRANS, AS4_PATH the real 4-octet ASNs.
    out.push(known(AttrType.as4Path, (w) => encodeSegments(w, as4PathSegments(a.asPath), 4)));
  }
  if (a.largeCommunities.length > 0) {
    out.push(known(AttrType.largeCommunity, (w) => encodeLargeCommunities(w, a.largeCommunities)));
  }
  for (const u of a.unknown) {
    out.push({
      typeCode: u.typeCode,
      flags: u.flags & ~AttrFlag.extendedLength,
      write: (w) => w.bytes(u.value),
    });
  }
  return out;
}

function sortEntries(list: Entry[], layout: AttributeLayout | undefined): Entry[] {
  const order = layout?.order ?? [];
  const rank = (e: Entry) => {
    const i = order.indexOf(e.typeCode);
    return i < 0 ? order.length + e.typeCode : i;
  };
  return [...list].sort((x, y) => rank(x) - rank(y) || x.typeCode - y.typeCode);
}

/** Encodes the attributes (without the Total Path Attribute Length field). */
export function encodeAttributeList(
  input: EncodeAttributesInput,
  fourOctetAs: boolean,
  layout?: AttributeLayout,
): Uint8Array {
  const w = new Writer(128);
  const forceExtended = new Set(layout?.extendedLength ?? []);
  for (const e of sortEntries(entries(input, fourOctetAs), layout)) {
    const value = new Writer();
    e.write(value);
    const bytes = value.finish();
    // RFC 4271 §4.3: the Extended Length bit is required above 255 octets, allowed below.
    const extended = bytes.length > 0xff || forceExtended.has(e.typeCode);
    w.u8(extended ? e.flags | AttrFlag.extendedLength : e.flags).u8(e.typeCode);
    if (extended) w.u16(bytes.length);
    else w.u8(bytes.length);
    w.bytes(bytes);
  }
  return w.finish();
}
