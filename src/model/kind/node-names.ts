// Node names exactly as kind gives them, so `fabric exec kind-worker2` means what it means with
// real kind: each role is counted on its own, and the first of a role has no number.
import type { ClusterRole } from "../model.js";

export function kindNodeNames(cluster: string, roles: readonly ClusterRole[]): string[] {
  const seen: Record<ClusterRole, number> = { "control-plane": 0, worker: 0 };
  return roles.map((role) => {
    seen[role] += 1;
    const n = seen[role];
    return `${cluster}-${role}${n === 1 ? "" : String(n)}`;
  });
}
