// ATOMIC_AGGREGATE and AGGREGATOR (RFC 4271 §5.1.6, §5.1.7) and AS4_AGGREGATOR (RFC 6793 §3).
// All three only inform; RFC 7606 §7.6, §7.7 and RFC 6793 §6 make a malformed one
// attribute-discard rather than costing the route.
import type { Aggregator } from "../../model.js";
import { AS_TRANS } from "../../model.js";
import { AttrType } from "../constants.js";
import { readIpv4, writeIpv4 } from "../ip.js";
import type { Writer } from "../writer.js";
import { lengthError, requireLength, type AttributeCodec } from "./types.js";

export const atomicAggregateCodec: AttributeCodec = {
  typeCode: AttrType.atomicAggregate,
  name: "ATOMIC_AGGREGATE",
  category: "well-known",
  malformed: "attribute-discard",
  decode(r, bag) {
    requireLength("ATOMIC_AGGREGATE", r, 0);
    bag.atomicAggregate = true;
  },
};

export const aggregatorCodec: AttributeCodec = {
  typeCode: AttrType.aggregator,
  name: "AGGREGATOR",
  category: "optional-transitive",
  malformed: "attribute-discard",
  decode(r, bag, ctx) {
    // RFC 6793 §4: 4-octet AS between NEW speakers, 2-octet otherwise.
    const asnSize = ctx.fourOctetAs ? 4 : 2;
    if (r.remaining !== asnSize + 4) throw lengthError("AGGREGATOR", r.remaining, String(asnSize + 4));
    const asn = asnSize === 4 ? r.u32() : r.u16();
    bag.aggregator = { asn, address: readIpv4(r) };
  },
};

export const as4AggregatorCodec: AttributeCodec = {
  typeCode: AttrType.as4Aggregator,
  name: "AS4_AGGREGATOR",
  category: "optional-transitive",
  malformed: "attribute-discard",
  decode(r, bag) {
    requireLength("AS4_AGGREGATOR", r, 8);
    bag.as4Aggregator = { asn: r.u32(), address: readIpv4(r) };
  },
};

/** Writes AGGREGATOR; towards an OLD speaker a large ASN becomes AS_TRANS (RFC 6793 §4.2.2). */
export function encodeAggregator(w: Writer, agg: Aggregator, fourOctetAs: boolean): void {
  if (fourOctetAs) w.u32(agg.asn);
  else w.u16(agg.asn > 0xffff ? AS_TRANS : agg.asn);
  writeIpv4(w, agg.address);
}

export function encodeAs4Aggregator(w: Writer, agg: Aggregator): void {
  w.u32(agg.asn);
  writeIpv4(w, agg.address);
}
