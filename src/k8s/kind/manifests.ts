// Which files to `kubectl apply`: the lab's manifests as the user wrote them, whole, so anything
// else in them (ConfigMaps, ServiceAccounts) reaches the cluster too. The model keeps each
// workload's and Service's file in its location, absolute as the loader read it.
import type { Service, Workload } from "../../model/model.js";

export function manifestFiles(workloads: readonly Workload[], services: readonly Service[] = []): string[] {
  return [...new Set([...workloads, ...services].map((r) => r.location.file))];
}
