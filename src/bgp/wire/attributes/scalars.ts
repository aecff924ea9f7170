// The fixed-size single-value attributes: MULTI_EXIT_DISC and LOCAL_PREF (RFC 4271 §5.1.4,
// §5.1.5) and ORIGINATOR_ID (RFC 4456 §8). A wrong length is treat-as-withdraw for all three
// (RFC 7606 §7.4, §7.5, §7.9).
import { AttrType } from "../constants.js";
import { readIpv4, writeIpv4 } from "../ip.js";
import type { Writer } from "../writer.js";
import { requireLength, type AttributeCodec } from "./types.js";

export const medCodec: AttributeCodec = {
  typeCode: AttrType.med,
  name: "MULTI_EXIT_DISC",
  category: "optional-non-transitive",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireLength("MULTI_EXIT_DISC", r, 4);
    bag.med = r.u32();
  },
};

export const localPrefCodec: AttributeCodec = {
  typeCode: AttrType.localPref,
  name: "LOCAL_PREF",
  category: "well-known",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireLength("LOCAL_PREF", r, 4);
    bag.localPref = r.u32();
  },
};

export const originatorIdCodec: AttributeCodec = {
  typeCode: AttrType.originatorId,
  name: "ORIGINATOR_ID",
  category: "optional-non-transitive",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireLength("ORIGINATOR_ID", r, 4);
    bag.originatorId = readIpv4(r);
  },
};

export function encodeU32(w: Writer, value: number): void {
  w.u32(value);
}

export function encodeOriginatorId(w: Writer, id: string): void {
  writeIpv4(w, id);
}
