// AS_PATH (RFC 4271 §4.3, §5.1.2) and AS4_PATH (RFC 6793 §3): segments of type (1), count (1)
// and `count` ASNs of 2 or 4 octets. RFC 7606 §7.2: an unknown segment type, a zero count or a
// segment overrunning the attribute makes AS_PATH malformed (3/11, treat-as-withdraw); for
// AS4_PATH the same problems only discard the attribute (RFC 6793 §6).
import { AS_TRANS, AsPathSegmentType, type AsPathSegment } from "../../model.js";
import { AttrType } from "../constants.js";
import type { Reader } from "../reader.js";
import type { Writer } from "../writer.js";
import { AttrError, type AttributeCodec } from "./types.js";

/** RFC 4271 §4.3: a segment's count is one octet, so longer runs are split. */
const MAX_SEGMENT_ASNS = 255;

function isSegmentType(t: number): t is AsPathSegmentType {
  return Object.values(AsPathSegmentType).some((v) => v === t);
}

export function decodeSegments(r: Reader, asnSize: 2 | 4, subcode: number, name: string): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  while (!r.atEnd) {
    if (r.remaining < 2) throw new AttrError(subcode, `${name}: truncated segment header`);
    const type = r.u8();
    const count = r.u8();
    if (!isSegmentType(type)) throw new AttrError(subcode, `${name}: unknown segment type ${type}`);
    if (count === 0) throw new AttrError(subcode, `${name}: empty segment`);
    if (count * asnSize > r.remaining)
      throw new AttrError(subcode, `${name}: segment overruns the attribute`);
    const asns: number[] = [];
    for (let i = 0; i < count; i++) asns.push(asnSize === 4 ? r.u32() : r.u16());
    segments.push({ type, asns });
  }
  return segments;
}

export const asPathCodec: AttributeCodec = {
  typeCode: AttrType.asPath,
  name: "AS_PATH",
  category: "well-known",
  malformed: "treat-as-withdraw",
  decode(r, bag, ctx) {
    bag.asPath = decodeSegments(r, ctx.fourOctetAs ? 4 : 2, 11, "AS_PATH");
  },
};

export const as4PathCodec: AttributeCodec = {
  typeCode: AttrType.as4Path,
  name: "AS4_PATH",
  category: "optional-transitive",
  malformed: "attribute-discard",
  decode(r, bag) {
    const segments = decodeSegments(r, 4, 9, "AS4_PATH");
    // RFC 6793 §3: confederation segments must not appear in AS4_PATH; drop them if they do.
    bag.as4Path = segments.filter(
      (s) => s.type === AsPathSegmentType.sequence || s.type === AsPathSegmentType.set,
    );
  },
};

/**
 * Writes segments with 4- or 2-octet ASNs. With 2 octets every ASN above 65535 becomes AS_TRANS
 * (RFC 6793 §4.2.2); the caller adds AS4_PATH. Long segments are split in 255-ASN pieces.
 */
export function encodeSegments(w: Writer, segments: readonly AsPathSegment[], asnSize: 2 | 4): void {
  for (const seg of segments) {
    for (let i = 0; i < seg.asns.length; i += MAX_SEGMENT_ASNS) {
      const part = seg.asns.slice(i, i + MAX_SEGMENT_ASNS);
      w.u8(seg.type).u8(part.length);
      for (const asn of part) {
        if (asnSize === 4) w.u32(asn);
        else w.u16(asn > 0xffff ? AS_TRANS : asn);
      }
    }
  }
}

/** RFC 6793 §4.2.2: AS4_PATH is needed towards an OLD speaker only if some ASN needs 4 octets. */
export function needsAs4Path(segments: readonly AsPathSegment[]): boolean {
  return segments.some((s) => s.asns.some((a) => a > 0xffff));
}

/** AS4_PATH carries no confederation segments (RFC 6793 §3). */
export function as4PathSegments(segments: readonly AsPathSegment[]): AsPathSegment[] {
  return segments.filter((s) => s.type === AsPathSegmentType.sequence || s.type === AsPathSegmentType.set);
}
