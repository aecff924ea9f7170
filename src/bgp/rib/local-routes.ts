// Routes this speaker originates from its configuration (Cilium advertisements: the node's
// PodCIDR, Service addresses), with the communities and LOCAL_PREF the advertisement sets.

import { FabricError, type FabricErrorCode } from "../../errors.js";
import type { RouteAttributes } from "../config/speaker-config.js";
import type { LargeCommunity, PathAttributes, Prefix } from "../model.js";
import { formatIp, parseCidr } from "../../net/index.js";
import { EMPTY_ATTRIBUTES, Origin, afiOfFamily, prefixKey } from "../model.js";
import type { Route } from "./route.js";

function bad(code: FabricErrorCode, message: string): FabricError {
  return new FabricError(code, message);
}

/**
 * `10.1.0.0/24` or `2001:db8::/64` → Prefix; host bits must be zero. The address is written
 * canonically (`2001:DB8:0::/48` → `2001:db8::/48`), as the wire decoder writes it, so a route
 * from the config and the same route from a peer share one RIB key.
 */
export function parsePrefix(text: string): Prefix {
  const parsed = parseCidr(text);
  if (parsed.ok) {
    const { address, prefixLength } = parsed.cidr;
    return { afi: afiOfFamily(address.family), address: formatIp(address), length: prefixLength };
  }
  if (parsed.error === "host-bits") throw bad("bad-prefix", `${text} has host bits set`);
  throw bad("bad-prefix", `${text} is not an IP prefix: ${parsed.message}`);
}

const U16 = /^\d{1,5}$/;
const U32 = /^\d{1,10}$/;

function uint(text: string, max: number, what: string): number {
  const n = Number(text);
  if (!(max === 0xffff ? U16 : U32).test(text) || n > max)
    throw bad("bad-community", `${what} is out of range`);
  return n;
}

/** RFC 1997 community `asn:value` (each 16 bits), or the 32-bit number itself. */
export function parseCommunity(text: string): number {
  const parts = text.split(":");
  if (parts.length === 1) return uint(text, 0xffffffff, `community ${text}`);
  if (parts.length !== 2) throw bad("bad-community", `community ${text} is not asn:value`);
  return (
    uint(parts[0] ?? "", 0xffff, `community ${text}`) * 0x10000 +
    uint(parts[1] ?? "", 0xffff, `community ${text}`)
  );
}

/** RFC 8092 large community `global:local1:local2` (each 32 bits). */
export function parseLargeCommunity(text: string): LargeCommunity {
  const parts = text.split(":");
  if (parts.length !== 3) throw bad("bad-community", `large community ${text} is not global:local1:local2`);
  const [g, l1, l2] = parts.map((p) => uint(p, 0xffffffff, `large community ${text}`));
  return { globalAdmin: g ?? 0, localData1: l1 ?? 0, localData2: l2 ?? 0 };
}

/** The attributes of a route we originate: ORIGIN IGP, empty AS_PATH (RFC 4271 §5.1.2). */
export function originAttributes(attrs: RouteAttributes): PathAttributes {
  return {
    ...EMPTY_ATTRIBUTES,
    origin: Origin.igp,
    communities: attrs.standardCommunities.map(parseCommunity),
    largeCommunities: attrs.largeCommunities.map(parseLargeCommunity),
    ...(attrs.localPreference === undefined ? {} : { localPref: attrs.localPreference }),
  };
}

export function originate(prefix: Prefix | string, attrs: RouteAttributes, now: number): Route {
  const p = typeof prefix === "string" ? parsePrefix(prefix) : prefix;
  return {
    prefix: p,
    key: prefixKey(p),
    attributes: originAttributes(attrs),
    source: { type: "local" },
    receivedAt: now,
    stale: false,
  };
}
