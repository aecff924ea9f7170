// Service manifests → Service: its addresses as written (ClusterIP, ExternalIP, LoadBalancerIP,
// which Cilium can advertise), what it selects, its ports and traffic policy. The addresses
// Kubernetes and Cilium's LB-IPAM would fill in are given later (model/k8s/service-addresses.ts,
// model/cilium/lb-ip-pools.ts), once the cluster's service subnet and the pools are known.
import type { Service, ServicePort } from "../model.js";
import { canonicalIp } from "../../net/index.js";
import type { YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "./doc-reader.js";
import { readMeta } from "./workloads.js";

const TYPES: readonly Service["type"][] = ["ClusterIP", "NodePort", "LoadBalancer"];
const POLICIES: readonly Service["externalTrafficPolicy"][] = ["Cluster", "Local"];
const PROTOCOLS: readonly ServicePort["protocol"][] = ["TCP", "UDP"];
/** Cilium LB-IPAM's annotation: the addresses a Service asks for, comma-separated. */
export const LBIPAM_IPS_ANNOTATION = "lbipam.cilium.io/ips";

/**
 * The valid addresses in canonical form (so `fd00::0:10` and `fd00::10` are one Service address);
 * `path` is a single field when it holds a string, else a list.
 */
function addresses(r: DocReader, path: YamlPath, values: readonly string[]): string[] {
  const single = typeof r.get(path) === "string";
  return values.flatMap((ip, i) => {
    const canonical = canonicalIp(ip.trim());
    if (canonical !== undefined) return [canonical];
    r.error(single ? path : [...path, i], "k8s-bad-address", `"${ip}" is not an IP address`);
    return [];
  });
}

function readType(r: DocReader): Service["type"] | undefined {
  const typeText = r.string(["spec", "type"]) ?? "ClusterIP";
  const type = TYPES.find((t) => t === typeText);
  if (type !== undefined) return type;
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

/** `spec.ports` as the API server checks it: a port from 1 to 65535, TCP or UDP, targetPort defaulting to port. */
function readPorts(r: DocReader): ServicePort[] {
  const out: ServicePort[] = [];
  (r.array(["spec", "ports"]) ?? []).forEach((_, i) => {
    const at: YamlPath = ["spec", "ports", i];
    const port = r.integer([...at, "port"], 1, 65535, "k8s-bad-port");
    const protocolText = r.string([...at, "protocol"]) ?? "TCP";
    const protocol = PROTOCOLS.find((p) => p === protocolText);
    if (protocol === undefined) {
      r.error(
        [...at, "protocol"],
        "k8s-bad-port",
        `protocol "${protocolText}" is not one fabric forwards`,
        suggestOneOf(protocolText, PROTOCOLS),
      );
    }
    const rawTarget = r.get([...at, "targetPort"]);
    let targetPort: number | string | undefined = port;
    if (typeof rawTarget === "string" && rawTarget !== "") targetPort = rawTarget;
    else if (rawTarget !== undefined) targetPort = r.integer([...at, "targetPort"], 1, 65535, "k8s-bad-port");
    if (port === undefined) {
      if (r.get([...at, "port"]) === undefined)
        r.error(at, "k8s-bad-port", "a Service port needs `port`", "add port: 80 (the port clients use)");
      return;
    }
    if (protocol === undefined || targetPort === undefined) return;
    const name = r.string([...at, "name"]);
    out.push({ ...(name !== undefined && { name }), protocol, port, targetPort });
  });
  return out;
}

export function readService(r: DocReader): Service | undefined {
  const meta = readMeta(r, "Service");
  const type = readType(r);
  if (type === undefined) return undefined;
  const annotations = r.stringMap(["metadata", "annotations"]);
  // clusterIPs wins over clusterIP, as in the API; "None" marks a headless Service (no address).
  const listed = r.stringList(["spec", "clusterIPs"]);
  const single = r.string(["spec", "clusterIP"]);
  const headless = single === "None" || listed[0] === "None";
  const clusterIPs = headless
    ? []
    : listed.length > 0
      ? addresses(r, ["spec", "clusterIPs"], listed)
      : single !== undefined && single !== ""
        ? addresses(r, ["spec", "clusterIP"], [single])
        : [];
  const externalIPs = addresses(r, ["spec", "externalIPs"], r.stringList(["spec", "externalIPs"]));
  const requested: string[] = [];
  const spec = r.string(["spec", "loadBalancerIP"]);
  if (spec !== undefined && spec !== "") requested.push(...addresses(r, ["spec", "loadBalancerIP"], [spec]));
  const annotated = annotations[LBIPAM_IPS_ANNOTATION];
  if (annotated !== undefined) {
    const path = ["metadata", "annotations", LBIPAM_IPS_ANNOTATION];
    for (const ip of addresses(
      r,
      path,
      annotated.split(",").filter((s) => s.trim() !== ""),
    ))
      if (!requested.includes(ip)) requested.push(ip);
  }
  const loadBalancerIPs: string[] = [];
  (r.array(["status", "loadBalancer", "ingress"]) ?? []).forEach((_, i) => {
    const path = ["status", "loadBalancer", "ingress", i, "ip"];
    const ip = r.string(path);
    if (ip === undefined) return;
    for (const canonical of addresses(r, path, [ip]))
      if (!loadBalancerIPs.includes(canonical)) loadBalancerIPs.push(canonical);
  });
  if ((loadBalancerIPs.length > 0 || requested.length > 0) && type !== "LoadBalancer") {
    r.warn(
      ["spec", "type"],
      "k8s-lb-ip-ignored",
      `a ${type} Service has no LoadBalancer address; its loadBalancer IPs are ignored`,
      "set spec.type: LoadBalancer",
    );
    loadBalancerIPs.length = 0;
    requested.length = 0;
  }
  const policyText = r.string(["spec", "externalTrafficPolicy"]) ?? "Cluster";
  const externalTrafficPolicy = POLICIES.find((p) => p === policyText);
  if (externalTrafficPolicy === undefined) {
    r.error(
      ["spec", "externalTrafficPolicy"],
      "k8s-bad-traffic-policy",
      `externalTrafficPolicy "${policyText}" is not valid`,
      suggestOneOf(policyText, POLICIES),
    );
  }
  const hasSelector = r.record(["spec", "selector"]) !== undefined;
  const selector = r.stringMap(["spec", "selector"]);
  const ports = readPorts(r);
  if (meta === undefined || externalTrafficPolicy === undefined) return undefined;
  const clusterIPAt = listed.length > 0 ? ["spec", "clusterIPs", 0] : ["spec", "clusterIP"];
  const lbAt =
    spec !== undefined ? ["spec", "loadBalancerIP"] : ["metadata", "annotations", LBIPAM_IPS_ANNOTATION];
  return {
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels,
    annotations,
    type,
    clusterIPs,
    headless,
    externalIPs,
    loadBalancerIPs,
    requestedLoadBalancerIPs: requested,
    ...(hasSelector && { selector }),
    ports,
    externalTrafficPolicy,
    location: r.at(["metadata", "name"]),
    at: {
      ...(clusterIPs.length > 0 && { clusterIP: r.at(clusterIPAt) }),
      ...(requested.length > 0 && { loadBalancerIP: r.at(lbAt) }),
      ...(hasSelector && { selector: r.at(["spec", "selector"]) }),
    },
  };
}
