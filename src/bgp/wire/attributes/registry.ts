// Every attribute type code we interpret, and the flag bits its category fixes (RFC 4271 §5).
import { AttrFlag } from "../constants.js";
import { aggregatorCodec, as4AggregatorCodec, atomicAggregateCodec } from "./aggregation.js";
import { as4PathCodec, asPathCodec } from "./as-path.js";
import { clusterListCodec } from "./cluster-list.js";
import { communitiesCodec, largeCommunityCodec } from "./communities.js";
import { mpReachCodec, mpUnreachCodec } from "./mp-nlri.js";
import { nextHopCodec } from "./next-hop.js";
import { originCodec } from "./origin.js";
import { localPrefCodec, medCodec, originatorIdCodec } from "./scalars.js";
import type { AttributeCodec, Category } from "./types.js";
import { assertNever } from "../../../errors.js";

const CODECS: readonly AttributeCodec[] = [
  originCodec,
  asPathCodec,
  nextHopCodec,
  medCodec,
  localPrefCodec,
  atomicAggregateCodec,
  aggregatorCodec,
  communitiesCodec,
  originatorIdCodec,
  clusterListCodec,
  mpReachCodec,
  mpUnreachCodec,
  as4PathCodec,
  as4AggregatorCodec,
  largeCommunityCodec,
];

export const ATTRIBUTE_CODECS: ReadonlyMap<number, AttributeCodec> = new Map(
  CODECS.map((c) => [c.typeCode, c]),
);

/** The Optional and Transitive bits an attribute of this category must carry. */
export function categoryFlags(category: Category): number {
  switch (category) {
    case "well-known":
      return AttrFlag.transitive;
    case "optional-transitive":
      return AttrFlag.optional | AttrFlag.transitive;
    case "optional-non-transitive":
      return AttrFlag.optional;
    default:
      return assertNever(category, "attribute category");
  }
}

/**
 * RFC 4271 §6.3 flags check: Optional and Transitive must match the category, and §4.3 says
 * Partial must be 0 for well-known and optional non-transitive attributes. The low four bits
 * are ignored on receipt.
 */
export function flagsProblem(codec: AttributeCodec, flags: number): string | undefined {
  const want = categoryFlags(codec.category);
  const got = flags & (AttrFlag.optional | AttrFlag.transitive);
  if (got !== want) return `optional/transitive bits 0x${got.toString(16)}, expected 0x${want.toString(16)}`;
  if ((flags & AttrFlag.partial) !== 0 && codec.category !== "optional-transitive") {
    return "Partial bit set on a well-known or non-transitive attribute";
  }
  return undefined;
}
