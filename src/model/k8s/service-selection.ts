// A Service answers only through the pods it selects. One whose selector matches no pod the lab
// places would deploy with addresses that answer nothing, which is what users came to test: it is
// refused where the selector is written. A Service without a selector is Kubernetes' way to manage
// endpoints by hand, which the emulated cluster has no API for: a warning says nothing answers.
import type { Diagnostic } from "../../errors.js";
import type { ClusterNode, Service, Workload } from "../model.js";
import { placePods } from "./placement.js";

export function hasSelector(service: Service): service is Service & { selector: Record<string, string> } {
  return service.selector !== undefined && Object.keys(service.selector).length > 0;
}

export function selects(service: Service, podLabels: Readonly<Record<string, string>>): boolean {
  return hasSelector(service) && Object.entries(service.selector).every(([k, v]) => podLabels[k] === v);
}

export function checkServiceSelections(
  services: readonly Service[],
  workloads: readonly Workload[],
  nodes: readonly ClusterNode[],
): Diagnostic[] {
  const placed = placePods(workloads, nodes);
  const out: Diagnostic[] = [];
  for (const service of services) {
    if (service.headless) continue;
    const name = `${service.namespace}/${service.name}`;
    if (!hasSelector(service)) {
      out.push({
        severity: "warning",
        code: "k8s-service-no-selector",
        message: `Service ${name} has no selector: its addresses are advertised but nothing answers on them`,
        location: service.location,
        suggestion: "add spec.selector with the labels of the pods that serve it",
      });
      continue;
    }
    const inNamespace = placed.filter((p) => p.workload.namespace === service.namespace);
    if (inNamespace.some((p) => selects(service, p.workload.labels))) continue;
    const wanted = Object.entries(service.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const labels = [
      ...new Set(inNamespace.flatMap((p) => Object.entries(p.workload.labels).map(([k, v]) => `${k}=${v}`))),
    ];
    out.push({
      severity: "error",
      code: "k8s-service-selects-no-pods",
      message: `Service ${name} selects ${wanted}, which no pod in namespace ${service.namespace} carries`,
      location: service.at.selector ?? service.location,
      suggestion:
        labels.length > 0
          ? `the pods there carry ${labels.join(", ")}`
          : `no pod runs in namespace ${service.namespace}: add a Deployment, DaemonSet or Pod with these labels`,
    });
  }
  return out;
}
