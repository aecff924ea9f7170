// Checks name nodes and pods; a name that matches nothing is a mistake in the lab file, found at
// validate time rather than as a check failing after a minute of retries.
import type { Diagnostic } from "../../errors.js";
import type { CheckSpec } from "./checks/spec.js";
import { placePods } from "../k8s/placement.js";
import type { Cluster, Topology, Workload } from "../model.js";
import { didYouMean } from "../suggest.js";
import { isIp } from "../../net/index.js";

export const POD_REF = /^pod:([a-z0-9][a-z0-9.-]*)@([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

export function checkTargets(
  checks: readonly CheckSpec[],
  topology: Topology,
  cluster: Cluster | undefined,
  workloads: readonly Workload[],
): Diagnostic[] {
  const nodes = [...topology.nodes.map((n) => n.name), ...(cluster?.nodes.map((n) => n.name) ?? [])];
  const pods = placePods(workloads, cluster?.nodes ?? []).map((p) => `pod:${p.workload.name}@${p.node}`);
  // Sets, not lists: a generated lab of 4,096 nodes has ~25,000 checks.
  const targets = new Set([...nodes, ...pods]);
  const out: Diagnostic[] = [];
  const known = (name: string, what: string, check: CheckSpec, addressOk: boolean): void => {
    if (targets.has(name)) return;
    if (addressOk && isIp(name)) return;
    if (name === "*" && what === "hop") return;
    out.push({
      severity: "error",
      code: "check-unknown-target",
      message: `check "${check.name}": ${what} ${name} is neither a node of the lab nor a pod${addressOk ? " nor an address" : ""}`,
      ...(check.location ? { location: check.location } : {}),
      suggestion:
        didYouMean(name, [...nodes, ...pods]) ??
        `pods are named pod:<workload>@<node>, e.g. ${pods[0] ?? "pod:netshoot@kind-worker"}`,
    });
  };
  for (const check of checks) {
    switch (check.type) {
      case "bgp-session":
      case "bgp-prefix":
      case "route":
        known(check.node, "node", check, false);
        break;
      case "ping":
        known(check.from, "source", check, false);
        known(check.to, "destination", check, true);
        podFamily(check, cluster, out);
        break;
      case "traceroute":
        known(check.from, "source", check, false);
        known(check.to, "destination", check, true);
        for (const hop of check.hops) known(hop, "hop", check, true);
        podFamily(check, cluster, out);
        break;
      case "service":
        known(check.from, "source", check, false);
        for (const pod of check.backends ?? []) known(pod, "backend", check, false);
        break;
      case "advertised":
        known(check.node, "node", check, false);
        for (const node of check.by) known(node, "advertiser", check, false);
        break;
    }
  }
  return out;
}

/** A ping or traceroute to a pod's address of a family the cluster does not give pods. */
function podFamily(
  check: Extract<CheckSpec, { type: "ping" | "traceroute" }>,
  cluster: Cluster | undefined,
  out: Diagnostic[],
): void {
  // Without a family the pod's primary address is used, which every cluster has.
  const family = check.family;
  if (family === undefined || cluster === undefined || !POD_REF.test(check.to)) return;
  if (cluster.ipFamily === "dual" || cluster.ipFamily === family) return;
  out.push({
    severity: "error",
    code: "check-family-not-in-cluster",
    message: `check "${check.name}": ${check.to} has no ${family} address; the cluster's ipFamily is ${cluster.ipFamily}`,
    ...(check.location ? { location: check.location } : {}),
    suggestion: `set networking.ipFamily: dual in ${cluster.file}, or leave out family`,
  });
}
