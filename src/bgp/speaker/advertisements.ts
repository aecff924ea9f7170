// What an instance originates, resolved from its peers' advertisements: the union goes into
// the Loc-RIB, and each peer gets only the prefixes of its own families and advertisements,
// with the attributes those advertisements set (Cilium selects advertisements per peer).

import type { InstanceConfig, RouteAttributes } from "../config/speaker-config.js";
import type { Prefix } from "../model.js";
import { prefixKey } from "../model.js";
import { parsePrefix } from "../rib/index.js";
import type { AddressSource } from "./local-addresses.js";
import { interfacePrefixes } from "./local-addresses.js";

export interface LocalAdvertisements {
  /** Every prefix some peer gets, with the attributes the Loc-RIB route carries. */
  readonly routes: ReadonlyMap<string, { readonly prefix: Prefix; readonly attributes: RouteAttributes }>;
  /** Per peer name: prefixKey → attributes for that peer. */
  readonly perPeer: ReadonlyMap<string, ReadonlyMap<string, RouteAttributes>>;
}

/** Two advertisements selecting the same prefix for one peer: their communities add up. */
function merge(a: RouteAttributes, b: RouteAttributes): RouteAttributes {
  const lp = a.localPreference ?? b.localPreference;
  return {
    standardCommunities: [...new Set([...a.standardCommunities, ...b.standardCommunities])],
    largeCommunities: [...new Set([...a.largeCommunities, ...b.largeCommunities])],
    ...(lp === undefined ? {} : { localPreference: lp }),
  };
}

export function resolveAdvertisements(
  instance: InstanceConfig,
  addresses: AddressSource,
): LocalAdvertisements {
  const routes = new Map<string, { prefix: Prefix; attributes: RouteAttributes }>();
  const perPeer = new Map<string, Map<string, RouteAttributes>>();
  for (const peer of instance.peers) {
    const mine = new Map<string, RouteAttributes>();
    for (const family of peer.families) {
      for (const adv of family.advertisements) {
        const texts =
          adv.type === "Interface" ? interfacePrefixes(addresses, adv.interfaceName) : adv.prefixes;
        for (const text of texts) {
          const prefix = parsePrefix(text);
          if (prefix.afi !== family.afi) continue;
          const key = prefixKey(prefix);
          const before = mine.get(key);
          mine.set(key, before ? merge(before, adv.attributes) : adv.attributes);
          if (!routes.has(key)) routes.set(key, { prefix, attributes: adv.attributes });
        }
      }
    }
    perPeer.set(peer.name, mine);
  }
  return { routes, perPeer };
}

/** Interface names the advertisements read, so a reload knows to look again. */
export function interfacesUsed(instance: InstanceConfig): string[] {
  const names = new Set<string>();
  for (const p of instance.peers)
    for (const f of p.families)
      for (const a of f.advertisements) if (a.type === "Interface") names.add(a.interfaceName);
  return [...names];
}
