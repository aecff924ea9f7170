// CiliumBGPAdvertisement: what to announce (PodCIDR, Service addresses, an interface's addresses)
// and the attributes to attach. Peer configs select these by their metadata.labels.
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { readAttributes } from "./communities.js";
import { readLabelSelector } from "./label-selector.js";
import {
  SERVICE_ADDRESS_TYPES,
  type AdvertisementResource,
  type AdvertisementSpec,
  type ServiceAddressType,
} from "./types.js";

const TYPES = ["PodCIDR", "Service", "Interface", "CiliumPodIPPool"] as const;

export function readAdvertisement(r: DocReader, name: string): AdvertisementResource {
  r.unknownKeys(["spec"], ["advertisements"]);
  const list = r.array(["spec", "advertisements"]);
  if (list === undefined) {
    r.error(["spec"], "cilium-missing-field", `CiliumBGPAdvertisement "${name}" has no spec.advertisements`);
  }
  const advertisements: AdvertisementSpec[] = [];
  (list ?? []).forEach((_, i) => {
    const spec = readOne(r, ["spec", "advertisements", i]);
    if (spec) advertisements.push(spec);
  });
  return {
    name,
    labels: r.stringMap(["metadata", "labels"]),
    advertisements,
    location: r.at(["metadata", "name"]),
  };
}

function readOne(r: DocReader, at: (string | number)[]): AdvertisementSpec | undefined {
  r.unknownKeys(at, ["advertisementType", "service", "selector", "attributes", "interface"]);
  const typeText = r.string([...at, "advertisementType"]) ?? "";
  const type = TYPES.find((t) => t === typeText);
  const attributes = readAttributes(r, [...at, "attributes"]);
  if (type === undefined) {
    r.error(
      [...at, "advertisementType"],
      "cilium-unknown-advertisement-type",
      typeText === "" ? "advertisementType is missing" : `unknown advertisementType "${typeText}"`,
      suggestOneOf(typeText, TYPES),
    );
    return undefined;
  }
  switch (type) {
    case "CiliumPodIPPool":
      r.warn(
        [...at, "advertisementType"],
        "cilium-unsupported",
        "CiliumPodIPPool advertisements are not supported by fabric (it has no multi-pool IPAM); this one is ignored",
      );
      return undefined;
    case "PodCIDR":
      return { type, attributes };
    case "Interface": {
      const interfaceName = r.string([...at, "interface", "name"]);
      if (interfaceName === undefined || interfaceName === "") {
        r.error(at, "cilium-missing-field", "an Interface advertisement needs interface.name");
        return undefined;
      }
      return { type, interfaceName, attributes };
    }
    case "Service":
      return readService(r, at, attributes);
  }
}

function readService(
  r: DocReader,
  at: (string | number)[],
  attributes: AdvertisementSpec["attributes"],
): AdvertisementSpec | undefined {
  r.unknownKeys([...at, "service"], ["addresses", "aggregationLengthIPv4", "aggregationLengthIPv6"]);
  for (const field of ["aggregationLengthIPv4", "aggregationLengthIPv6"]) {
    if (r.get([...at, "service", field]) !== undefined) {
      r.warn(
        [...at, "service", field],
        "cilium-unsupported",
        `${field} is not supported yet; each address is advertised on its own`,
      );
    }
  }
  const addresses: ServiceAddressType[] = [];
  r.stringList([...at, "service", "addresses"]).forEach((text, i) => {
    const type = SERVICE_ADDRESS_TYPES.find((t) => t === text);
    if (type === undefined) {
      r.error(
        [...at, "service", "addresses", i],
        "cilium-bad-service-address-type",
        `unknown Service address type "${text}"`,
        suggestOneOf(text, SERVICE_ADDRESS_TYPES),
      );
    } else if (!addresses.includes(type)) {
      addresses.push(type);
    }
  });
  if (r.get([...at, "service", "addresses"]) === undefined) {
    r.error(
      at,
      "cilium-missing-field",
      "a Service advertisement needs service.addresses",
      `list one or more of ${SERVICE_ADDRESS_TYPES.join(", ")}`,
    );
    return undefined;
  }
  const selector = readLabelSelector(r, [...at, "selector"]);
  if (selector === undefined) {
    r.warn(
      at,
      "cilium-service-no-selector",
      "this Service advertisement has no selector, so it selects no Service (Cilium's rule)",
      "add a selector; an empty matchExpressions NotIn selector selects every Service",
    );
  }
  return { type: "Service", addresses, ...(selector ? { selector } : {}), attributes };
}
