// RFC 6793 §4.2.3: rebuilding the real AS path and aggregator from an OLD (2-octet) speaker's
// AS_PATH/AGGREGATOR and the AS4_PATH/AS4_AGGREGATOR that NEW speakers upstream added.
import { AS_TRANS, AsPathSegmentType, type Aggregator, type AsPathSegment } from "../../model.js";

/** RFC 4271 §9.1.2.2 (a) path length: a SET counts one, confederation segments none. */
export function pathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.type === AsPathSegmentType.sequence) n += s.asns.length;
    else if (s.type === AsPathSegmentType.set) n += 1;
  }
  return n;
}

export interface As4MergeInput {
  readonly asPath: readonly AsPathSegment[];
  readonly as4Path?: readonly AsPathSegment[];
  readonly aggregator?: Aggregator;
  readonly as4Aggregator?: Aggregator;
}

export interface As4MergeResult {
  readonly asPath: readonly AsPathSegment[];
  readonly aggregator?: Aggregator;
  /** Which of AS4_PATH / AS4_AGGREGATOR were ignored, and why, for the UPDATE's report. */
  readonly ignored: readonly { readonly typeCode: number; readonly reason: string }[];
}

/** Only for UPDATEs from a peer without the 4-octet AS capability. */
export function mergeAs4(input: As4MergeInput): As4MergeResult {
  const ignored: { typeCode: number; reason: string }[] = [];
  let { aggregator } = input;
  const as4Path = input.as4Path;
  // RFC 6793 §4.2.3: an AGGREGATOR that is not AS_TRANS was added by an OLD speaker after the
  // last NEW one, so AS4_AGGREGATOR and AS4_PATH are stale and ignored.
  if (aggregator !== undefined && aggregator.asn !== AS_TRANS) {
    if (input.as4Aggregator !== undefined)
      ignored.push({ typeCode: 18, reason: "AGGREGATOR is not AS_TRANS" });
    if (as4Path !== undefined) ignored.push({ typeCode: 17, reason: "AGGREGATOR is not AS_TRANS" });
    return { asPath: input.asPath, aggregator, ignored };
  }
  if (input.as4Aggregator !== undefined) aggregator = input.as4Aggregator;
  if (as4Path === undefined) return { asPath: input.asPath, aggregator, ignored };

  const have = pathLength(input.asPath);
  const want = pathLength(as4Path);
  if (have < want) {
    // RFC 6793 §4.2.3: more ASNs in AS4_PATH than in AS_PATH means AS4_PATH is bogus.
    ignored.push({ typeCode: 17, reason: "AS4_PATH is longer than AS_PATH" });
    return { asPath: input.asPath, aggregator, ignored };
  }
  // Keep the leading (have - want) ASNs of AS_PATH (those added by OLD speakers, plus any
  // confederation segments among them), then append AS4_PATH.
  let keep = have - want;
  const merged: AsPathSegment[] = [];
  for (const seg of input.asPath) {
    if (seg.type === AsPathSegmentType.confedSequence || seg.type === AsPathSegmentType.confedSet) {
      if (keep > 0) merged.push(seg);
      continue;
    }
    if (keep === 0) break;
    if (seg.type === AsPathSegmentType.set) {
      merged.push(seg);
      keep -= 1;
    } else {
      const take = Math.min(keep, seg.asns.length);
      merged.push({ type: seg.type, asns: seg.asns.slice(0, take) });
      keep -= take;
    }
  }
  // Join a trailing sequence with a leading AS4 sequence, as the path was one sequence upstream.
  const last = merged.at(-1);
  const [first, ...rest] = as4Path;
  if (
    last !== undefined &&
    first !== undefined &&
    last.type === AsPathSegmentType.sequence &&
    first.type === AsPathSegmentType.sequence
  ) {
    merged[merged.length - 1] = { type: last.type, asns: [...last.asns, ...first.asns] };
    merged.push(...rest);
  } else {
    merged.push(...as4Path);
  }
  return { asPath: merged, aggregator, ignored };
}
