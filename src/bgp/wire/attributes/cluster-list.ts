// RFC 4456 §8 CLUSTER_LIST: the route reflection clusters a route has passed, 4 octets each.
// Malformed (not a non-zero multiple of 4) is treat-as-withdraw (RFC 7606 §7.10).
import { AttrType } from "../constants.js";
import { readIpv4, writeIpv4 } from "../ip.js";
import type { Writer } from "../writer.js";
import { requireMultiple, type AttributeCodec } from "./types.js";

export const clusterListCodec: AttributeCodec = {
  typeCode: AttrType.clusterList,
  name: "CLUSTER_LIST",
  category: "optional-non-transitive",
  malformed: "treat-as-withdraw",
  decode(r, bag) {
    requireMultiple("CLUSTER_LIST", r, 4);
    const ids: string[] = [];
    while (!r.atEnd) ids.push(readIpv4(r));
    bag.clusterList = ids;
  },
};

export function encodeClusterList(w: Writer, ids: readonly string[]): void {
  for (const id of ids) writeIpv4(w, id);
}
