// RFC 4271 §5.1.3 NEXT_HOP: the IPv4 address to forward the classic NLRI to.
import { AttrType } from "../constants.js";
import { toBytes } from "../../../net/index.js";
import { addressOf, readIpv4, writeIpv4 } from "../ip.js";
import type { Writer } from "../writer.js";
import { AttrError, requireLength, type AttributeCodec } from "./types.js";

/**
 * RFC 4271 §6.3 calls a NEXT_HOP "syntactically incorrect" without listing cases; we refuse the
 * addresses no router can forward to: 0/8 ("this network"), 127/8 (loopback), 224/4 (multicast)
 * and 240/4 (reserved, incl. broadcast). FRR refuses the same set.
 */
export function invalidIpv4NextHop(addr: string): string | undefined {
  const [a = 0] = toBytes(addressOf(addr, 4));
  if (a === 0) return "in 0.0.0.0/8";
  if (a === 127) return "a loopback address";
  if (a >= 224 && a < 240) return "a multicast address";
  if (a >= 240) return "in the reserved 240.0.0.0/4";
  return undefined;
}

export const nextHopCodec: AttributeCodec = {
  typeCode: AttrType.nextHop,
  name: "NEXT_HOP",
  category: "well-known",
  malformed: "treat-as-withdraw", // RFC 7606 §7.3
  decode(r, bag) {
    requireLength("NEXT_HOP", r, 4);
    const addr = readIpv4(r);
    const bad = invalidIpv4NextHop(addr);
    if (bad !== undefined) throw new AttrError(8, `NEXT_HOP ${addr} is ${bad}`);
    bag.nextHop = addr;
  },
};

export function encodeNextHop(w: Writer, addr: string): void {
  writeIpv4(w, addr);
}
