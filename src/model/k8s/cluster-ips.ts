// ClusterIPs the way the API server gives them: a manifest's own address is kept once checked to
// lie in the service subnet and to be free; a Service without one gets a free address of the
// subnet. Kubernetes picks at random; here the pick is a hash of namespace/name, stepping past
// taken addresses, so the same lab always gets the same addresses whatever the file order.
import { createHash } from "node:crypto";
import type { Diagnostic } from "../../errors.js";
import {
  cidrContains,
  formatIp,
  parseCidr,
  parseIp,
  usableHosts,
  hostAddress,
  type Cidr,
} from "../../net/index.js";
import type { Service } from "../model.js";

/**
 * The subnet's first host address is the `kubernetes` Service's and the tenth kube-dns's in every
 * kubeadm cluster (kind's too); they are never handed to the lab's Services.
 */
const RESERVED_HOSTS = [1n, 10n];

export interface ClusterIPResult {
  readonly services: Service[];
  readonly diagnostics: Diagnostic[];
}

export function allocateClusterIPs(services: readonly Service[], serviceSubnet: string): ClusterIPResult {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseCidr(serviceSubnet);
  if (!parsed.ok) return { services: [...services], diagnostics }; // reported with the kind config
  const subnet = parsed.cidr;
  const taken = new Set<string>(
    RESERVED_HOSTS.filter((h) => h <= usableHosts(subnet)).map((h) => formatIp(hostAddress(subnet, h))),
  );
  const out = new Map<Service, Service>();
  // 1. What manifests ask for, checked.
  for (const service of services) {
    if (service.headless || service.clusterIPs.length === 0) continue;
    const ip = service.clusterIPs[0] ?? "";
    const address = parseIp(ip);
    const at = service.at.clusterIP ?? service.location;
    if (address === undefined || address.family !== subnet.address.family) continue; // another family: dual-stack's
    if (!cidrContains(subnet, address)) {
      diagnostics.push({
        severity: "error",
        code: "k8s-cluster-ip-outside-subnet",
        message: `Service ${id(service)}: clusterIP ${ip} is not in the cluster's service subnet ${serviceSubnet}`,
        location: at,
        suggestion: `use an address of ${serviceSubnet}, or leave clusterIP out and one is allocated`,
      });
      continue;
    }
    if (taken.has(ip)) {
      diagnostics.push({
        severity: "error",
        code: "k8s-cluster-ip-taken",
        message: `Service ${id(service)}: clusterIP ${ip} is already allocated`,
        location: at,
        suggestion: "give each Service its own clusterIP, or leave it out",
      });
      continue;
    }
    taken.add(ip);
  }
  // 2. The others, in namespace/name order so the result does not depend on file order.
  const wanting = services
    .filter((s) => !s.headless && s.clusterIPs.length === 0)
    .sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  for (const service of wanting) {
    const ip = freeAddress(subnet, id(service), taken);
    if (ip === undefined) {
      diagnostics.push({
        severity: "error",
        code: "k8s-service-subnet-full",
        message: `Service ${id(service)}: the service subnet ${serviceSubnet} has no free address`,
        location: service.location,
        suggestion: "set networking.serviceSubnet in the kind config to a larger subnet",
      });
      continue;
    }
    taken.add(ip);
    out.set(service, { ...service, clusterIPs: [ip] });
  }
  return { services: services.map((s) => out.get(s) ?? s), diagnostics };
}

function freeAddress(subnet: Cidr, key: string, taken: ReadonlySet<string>): string | undefined {
  const hosts = usableHosts(subnet);
  if (hosts === 0n) return undefined;
  const start = BigInt(`0x${createHash("sha256").update(key).digest("hex").slice(0, 16)}`) % hosts;
  // Linear probing: bounded by the subnet's size, and by the number taken in practice.
  for (let step = 0n; step < hosts; step++) {
    const ip = formatIp(hostAddress(subnet, ((start + step) % hosts) + 1n));
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}

const id = (s: Service): string => `${s.namespace}/${s.name}`;
