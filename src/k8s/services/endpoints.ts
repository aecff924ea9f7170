// A Service's endpoints as the EndpointSlice controller keeps them: every ready pod its selector
// matches, in its namespace, with each Service port's targetPort resolved on that pod (a named
// targetPort is looked up in the pod's container ports; a pod without that name serves no traffic
// on that port, as in Kubernetes). Pure.
import type { DeployedPod, DeployedService } from "../../state/lab-info.js";
import type { ServicePort } from "../../model/model.js";
import { familyOf } from "../../net/index.js";

export interface Endpoint {
  readonly pod: string;
  readonly node: string;
  readonly ip: string;
  readonly port: number;
}

export interface PortEndpoints {
  readonly port: ServicePort;
  readonly endpoints: readonly Endpoint[];
}

export function selectsPod(service: DeployedService, pod: DeployedPod): boolean {
  const selector = service.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  if (pod.namespace !== service.namespace) return false;
  return Object.entries(selector).every(([k, v]) => pod.labels?.[k] === v);
}

function targetOn(port: ServicePort, pod: DeployedPod): number | undefined {
  if (typeof port.targetPort === "number") return port.targetPort;
  return pod.containerPorts?.find((p) => p.name === port.targetPort)?.port;
}

/** Per Service port, its ready endpoints in pod order. */
export function serviceEndpoints(
  service: DeployedService,
  pods: readonly DeployedPod[],
  ready: ReadonlySet<string>,
): PortEndpoints[] {
  const backends = pods.filter((p) => ready.has(p.name) && selectsPod(service, p));
  return service.ports.map((port) => ({
    port,
    endpoints: backends.flatMap((pod) => {
      const target = targetOn(port, pod);
      return target === undefined ? [] : [{ pod: pod.name, node: pod.node, ip: ipv4Of(pod), port: target }];
    }),
  }));
}

/** Services are IPv4: a dual-stack pod's IPv4 address, whichever family is its primary. */
function ipv4Of(pod: DeployedPod): string {
  return (pod.ips ?? [pod.ip]).find((ip) => familyOf(ip) === 4) ?? pod.ip;
}
