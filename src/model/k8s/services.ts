// Service manifests → Service: the addresses Cilium can advertise (ClusterIP, ExternalIP,
// LoadBalancerIP) and the labels its advertisement selectors match.
import type { Service } from "../model.js";
import { canonicalIp } from "../../net/index.js";
import type { YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "./doc-reader.js";
import { readMeta } from "./workloads.js";

const TYPES: readonly Service["type"][] = ["ClusterIP", "NodePort", "LoadBalancer"];

/**
 * The valid addresses in canonical form (so `fd00::0:10` and `fd00::10` are one Service address);
 * `path` is a single field when it holds a string, else a list.
 */
function addresses(r: DocReader, path: YamlPath, values: readonly string[]): string[] {
  const single = typeof r.get(path) === "string";
  return values.flatMap((ip, i) => {
    const canonical = canonicalIp(ip);
    if (canonical !== undefined) return [canonical];
    r.error(single ? path : [...path, i], "k8s-bad-address", `"${ip}" is not an IP address`);
    return [];
  });
}

export function readService(r: DocReader): Service | undefined {
  const meta = readMeta(r, "Service");
  const typeText = r.string(["spec", "type"]) ?? "ClusterIP";
  const type = TYPES.find((t) => t === typeText);
  if (type === undefined) {
    if (typeText === "ExternalName") {
      r.warn(
        ["spec", "type"],
        "k8s-ignored-service",
        "ExternalName Services have no address to advertise; fabric ignores them",
      );
    } else {
      r.error(
        ["spec", "type"],
        "k8s-bad-service-type",
        `Service type "${typeText}" is not valid`,
        suggestOneOf(typeText, [...TYPES, "ExternalName"]),
      );
    }
    return undefined;
  }
  // clusterIPs wins over clusterIP, as in the API; "None" marks a headless Service (no address).
  const listed = r.stringList(["spec", "clusterIPs"]);
  const single = r.string(["spec", "clusterIP"]);
  const clusterIPs = (
    listed.length > 0
      ? addresses(r, ["spec", "clusterIPs"], listed)
      : single !== undefined && single !== "None" && single !== ""
        ? addresses(r, ["spec", "clusterIP"], [single])
        : []
  ).filter((ip) => ip !== "None");
  const externalIPs = addresses(r, ["spec", "externalIPs"], r.stringList(["spec", "externalIPs"]));
  const loadBalancerIPs: string[] = [];
  const requested = r.string(["spec", "loadBalancerIP"]);
  if (requested !== undefined) loadBalancerIPs.push(...addresses(r, ["spec", "loadBalancerIP"], [requested]));
  (r.array(["status", "loadBalancer", "ingress"]) ?? []).forEach((_, i) => {
    const ip = r.string(["status", "loadBalancer", "ingress", i, "ip"]);
    if (ip !== undefined && !loadBalancerIPs.includes(ip))
      loadBalancerIPs.push(...addresses(r, ["status", "loadBalancer", "ingress", i, "ip"], [ip]));
  });
  if (loadBalancerIPs.length > 0 && type !== "LoadBalancer") {
    r.warn(
      ["spec", "type"],
      "k8s-lb-ip-ignored",
      `a ${type} Service has no LoadBalancer address; its loadBalancer IPs are ignored`,
      "set spec.type: LoadBalancer",
    );
    loadBalancerIPs.length = 0;
  }
  if (meta === undefined) return undefined;
  return {
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels,
    type,
    clusterIPs,
    externalIPs,
    loadBalancerIPs,
    location: r.at(["metadata", "name"]),
  };
}
