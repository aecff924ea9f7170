// RFC 4271 §5.1.1 ORIGIN: one octet, IGP (0), EGP (1) or INCOMPLETE (2).
import { Origin } from "../../model.js";
import { AttrType } from "../constants.js";
import type { Writer } from "../writer.js";
import { AttrError, requireLength, type AttributeCodec } from "./types.js";

export const originCodec: AttributeCodec = {
  typeCode: AttrType.origin,
  name: "ORIGIN",
  category: "well-known",
  malformed: "treat-as-withdraw", // RFC 7606 §7.1
  decode(r, bag) {
    requireLength("ORIGIN", r, 1);
    const value = r.u8();
    if (value !== Origin.igp && value !== Origin.egp && value !== Origin.incomplete) {
      throw new AttrError(6, `ORIGIN: undefined value ${value}`); // RFC 4271 §6.3 subcode 6
    }
    bag.origin = value;
  },
};

export function encodeOrigin(w: Writer, origin: Origin): void {
  w.u8(origin);
}
