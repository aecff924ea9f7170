// One family's advertisements on one node: every CiliumBGPAdvertisement the family selects,
// turned into prefixes this node announces.
import type { Advertisement, Afi } from "../../bgp/config/speaker-config.js";
import type { ClusterNode, Service } from "../model.js";
import { formatCidr, hostCidr, parseCidr, parseIp } from "../../net/index.js";
import { selectorMatches } from "./label-selector.js";
import type { AdvertisementResource, FamilySpec, ServiceAddressType } from "./types.js";

/** Service addresses and PodCIDRs were checked when the lab was read. */
function afiOf(family: 4 | 6 | undefined): Afi | undefined {
  return family === undefined ? undefined : family === 4 ? "ipv4" : "ipv6";
}

/** `address/32` or `address/128`: how a single Service address is advertised. */
function hostPrefixes(addresses: readonly string[], afi: Afi): string[] {
  return addresses.flatMap((text) => {
    const address = parseIp(text);
    return address !== undefined && afiOf(address.family) === afi ? [formatCidr(hostCidr(address))] : [];
  });
}

function podCidrAfi(podCIDR: string): Afi | undefined {
  const parsed = parseCidr(podCIDR);
  return parsed.ok ? afiOf(parsed.cidr.address.family) : undefined;
}

function serviceAddresses(service: Service, type: ServiceAddressType): readonly string[] {
  switch (type) {
    case "ClusterIP":
      return service.clusterIPs;
    case "ExternalIP":
      return service.externalIPs;
    case "LoadBalancerIP":
      return service.loadBalancerIPs;
  }
}

/**
 * A family without an advertisements selector announces nothing; with one, each selected
 * resource's entries in order. Prefixes of the other address family are left out, and an entry
 * that yields no prefix is dropped, so the speaker never carries an empty announcement.
 */
export function familyAdvertisements(
  family: FamilySpec,
  node: ClusterNode,
  resources: readonly AdvertisementResource[],
  services: readonly Service[],
): Advertisement[] {
  const selector = family.advertisements;
  if (selector === undefined) return [];
  const out: Advertisement[] = [];
  for (const resource of resources) {
    if (!selectorMatches(selector, resource.labels)) continue;
    for (const spec of resource.advertisements) {
      switch (spec.type) {
        case "PodCIDR": {
          // A dual-stack node has one PodCIDR per family; each family announces its own.
          const prefixes = node.podCIDRs.filter((c) => podCidrAfi(c) === family.afi);
          if (prefixes.length > 0) out.push({ type: "PodCIDR", prefixes, attributes: spec.attributes });
          break;
        }
        case "Service": {
          // Cilium: a Service advertisement without a selector selects no Service.
          const serviceSelector = spec.selector;
          const selected = serviceSelector
            ? services.filter((s) => selectorMatches(serviceSelector, s.labels))
            : [];
          for (const service of selected) {
            for (const addressType of spec.addresses) {
              const prefixes = hostPrefixes(serviceAddresses(service, addressType), family.afi);
              if (prefixes.length === 0) continue;
              out.push({
                type: "Service",
                service: `${service.namespace}/${service.name}`,
                addressType,
                prefixes,
                attributes: spec.attributes,
              });
            }
          }
          break;
        }
        case "Interface":
          out.push({ type: "Interface", interfaceName: spec.interfaceName, attributes: spec.attributes });
          break;
      }
    }
  }
  return out;
}
