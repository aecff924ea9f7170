// Builders for RIB tests: attributes with defaults, and routes from a named peer.

import type { AsPathSegment, PathAttributes, Prefix } from "../../../../src/bgp/model.js";
import { EMPTY_ATTRIBUTES, Origin, prefixKey } from "../../../../src/bgp/model.js";
import type { Route, RouteSource } from "../../../../src/bgp/rib/index.js";

export const LOCAL_ASN = 65010;

export function seq(...asns: number[]): AsPathSegment {
  return { type: 2, asns };
}

export function attrs(overrides: Partial<PathAttributes> = {}): PathAttributes {
  return { ...EMPTY_ATTRIBUTES, origin: Origin.igp, nextHop: "192.0.2.1", ...overrides };
}

export function v4(text: string): Prefix {
  const [address = "", length = "32"] = text.split("/");
  return { afi: "ipv4", address, length: Number(length) };
}

export function peer(address: string, asn: number, bgpId = address): RouteSource {
  return { type: "peer", peerAddress: address, peerBgpId: bgpId, peerAsn: asn, ebgp: asn !== LOCAL_ASN };
}

export function route(
  source: RouteSource,
  overrides: Partial<PathAttributes> = {},
  prefix = v4("10.1.0.0/24"),
  receivedAt = 0,
): Route {
  const asPath =
    overrides.asPath ??
    (source.type === "peer" && source.ebgp ? [seq(source.peerAsn)] : ([] as AsPathSegment[]));
  return {
    prefix,
    key: prefixKey(prefix),
    attributes: attrs({ asPath, ...overrides }),
    source,
    receivedAt,
    stale: false,
  };
}
