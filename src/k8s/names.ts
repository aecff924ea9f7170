// Names as Kubernetes and Cilium would give them, derived from (lab, node, workload) alone so a
// rerun of the same lab gets the same names and destroy can find them from the record.
import { createHash } from "node:crypto";
import type { Workload } from "../model/model.js";

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand (no vowels, no 0/1/3: generated names never
 * spell words or look like other characters). A DaemonSet's pods are `<name>-<5 of these>`.
 */
const K8S_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const SUFFIX_LENGTH = 5;

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * `netshoot-x7k2q`: deterministic per lab and node, different across nodes. A bare Pod keeps its
 * name. `attempt` picks the next candidate when an earlier one is taken: 27^5 suffixes collide by
 * chance (birthday bound: one lab name in ~1,800 at 128 nodes, 44 % of labs at 4,096 nodes), and
 * the API server answers a taken generated name by generating another (RetryGenerateName), so a
 * DaemonSet's pods always get names. Attempt 0 is the name fabric has always given.
 */
export function podName(lab: string, workload: Workload, node: string, attempt = 0): string {
  if (workload.kind === "Pod") return workload.name;
  const seed = `${lab}/${workload.namespace}/${workload.name}/${node}`;
  const bytes = digest(attempt === 0 ? seed : `${seed}#${attempt}`);
  let suffix = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += K8S_ALPHANUMS[(bytes[i] ?? 0) % K8S_ALPHANUMS.length];
  return `${workload.name}-${suffix}`;
}

/**
 * The host side of a pod's veth, in its node's namespace: Cilium calls it `lxc` + a hash of the
 * endpoint (pkg/endpoint: HostInterfacePrefix "lxc"). 3 + 12 characters fill IFNAMSIZ - 1.
 */
export function lxcIfname(lab: string, namespace: string, pod: string): string {
  return `lxc${digest(`${lab}/${namespace}/${pod}`).toString("hex").slice(0, 12)}`;
}

/**
 * Cilium's veth pair in every node: cilium_host holds the node's router address, cilium_net is its
 * peer (Cilium attaches eBPF to it; here it only completes the pair).
 */
export const CILIUM_HOST = "cilium_host";
export const CILIUM_NET = "cilium_net";
/** The pod's end of its veth, as every CNI names it. */
export const POD_IFNAME = "eth0";
