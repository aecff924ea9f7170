// COMMUNITIES (RFC 1997 §4: a list of 4-octet values) and LARGE_COMMUNITY (RFC 8092 §3: a
// list of 12-octet global:local1:local2). A length that is not a non-zero multiple of the
// element size is treat-as-withdraw (RFC 7606 §7.8, RFC 8092 §6).
import type { LargeCommunity } from "../../model.js";
import { AttrType } from "../constants.js";
import type { Writer } from "../writer.js";
import { requireMultiple, type AttributeCodec } from "./types.js";

export const communitiesCodec: AttributeCodec = {
  typeCode: AttrType.communities,
  name: "COMMUNITIES",
  category: "optional-transitive",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireMultiple("COMMUNITIES", r, 4);
    const out: number[] = [];
    while (!r.atEnd) out.push(r.u32());
    bag.communities = out;
  },
};

export const largeCommunityCodec: AttributeCodec = {
  typeCode: AttrType.largeCommunity,
  name: "LARGE_COMMUNITY",
  category: "optional-transitive",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireMultiple("LARGE_COMMUNITY", r, 12);
    const out: LargeCommunity[] = [];
    while (!r.atEnd) out.push({ globalAdmin: r.u32(), localData1: r.u32(), localData2: r.u32() });
    bag.largeCommunities = out;
  },
};

export function encodeCommunities(w: Writer, communities: readonly number[]): void {
  for (const c of communities) w.u32(c);
}

export function encodeLargeCommunities(w: Writer, list: readonly LargeCommunity[]): void {
  for (const c of list) w.u32(c.globalAdmin).u32(c.localData1).u32(c.localData2);
}
