// A deployed lab as later commands query it: its resources indexed once by id and typed, and the
// facts deploy kept for them (state/lab-info.ts). Commands that look inside a running lab (exec,
// get, inspect, bgp, faults, checks) ask this object instead of each scanning the record's
// resources with its own loop.
import { FabricError } from "../errors.js";
import type { VethLinkRecord } from "../links/types.js";
import type { NodeRecord } from "../runtime/types.js";
import {
  labInfo,
  type DeployedCluster,
  type DeployedClusterNode,
  type DeployedNode,
  type DeployedPod,
  type LabInfo,
} from "./lab-info.js";
import type { ProcessRecord } from "./processes.js";
import {
  asLabResource,
  nodeResourceId,
  podResourceId,
  speakerResourceId,
  type LabResource,
} from "./resources.js";
import type { LabState, ResourceEntry } from "./state-store.js";

export interface DeployedNodeHandle {
  readonly lab: LabState;
  readonly node: DeployedNode;
  /** The record of the node whose namespaces it runs in. */
  readonly record: NodeRecord;
}

/** A pod fabric made (its namespaces are a runtime node), or a real kind cluster's pod. */
export type PodHandle =
  | { readonly pod: DeployedPod; readonly record: NodeRecord; readonly kindCluster?: undefined }
  | { readonly pod: DeployedPod; readonly record?: undefined; readonly kindCluster: string };

export class DeployedLab {
  private facts: LabInfo | undefined;
  /** Entries this fabric does not know (written by a newer one): reported, never guessed at. */
  readonly unknown: readonly ResourceEntry[];
  private readonly byId = new Map<string, LabResource>();

  constructor(readonly state: LabState) {
    const unknown: ResourceEntry[] = [];
    for (const entry of state.resources) {
      const resource = asLabResource(entry);
      if (resource) this.byId.set(resource.id, resource);
      else unknown.push(entry);
    }
    this.unknown = unknown;
  }

  /** What deploy kept for later commands, read when first asked for. */
  get info(): LabInfo {
    this.facts ??= labInfo(this.state);
    return this.facts;
  }

  get name(): string {
    return this.state.lab;
  }

  resource(id: string): LabResource | undefined {
    return this.byId.get(id);
  }

  /** The runtime node of a topology or Kubernetes node; undefined if it was never created. */
  nodeRecord(name: string): NodeRecord | undefined {
    const r = this.byId.get(nodeResourceId(name));
    if (r?.type === "node") return r.record;
    // A real kind cluster's nodes are no runtime's: its record keeps them.
    for (const k of this.byId.values()) {
      const node = k.type === "kind-cluster" ? k.record.nodes?.find((n) => n.name === name) : undefined;
      if (node) return node;
    }
    return undefined;
  }

  /** A node `fabric exec` can enter, with the record it runs in; throws naming the lab's nodes. */
  node(name: string): DeployedNodeHandle {
    const node = this.info.nodes.find((n) => n.name === name);
    if (!node) {
      throw new FabricError("node-not-found", `lab ${this.name} has no node ${name}`, {
        suggestion: `its nodes are ${this.info.nodes.map((n) => n.name).join(", ")}`,
      });
    }
    const record = this.nodeRecord(node.name);
    if (!record)
      throw new FabricError("node-not-running", `node ${name} of lab ${this.name} was never created`);
    return { lab: this.state, node, record };
  }

  process(id: string): ProcessRecord | undefined {
    const r = this.byId.get(id);
    return r?.type === "process" ? r.record : undefined;
  }

  /** The BGP speaker of a Kubernetes node, as recorded. */
  speaker(node: string): ProcessRecord | undefined {
    return this.process(speakerResourceId(node));
  }

  /** The topology's links, pod veths and cilium_host pairs. */
  vethLinks(): VethLinkRecord[] {
    return [...this.byId.values()].flatMap((r) =>
      r.type === "wiring" && r.record.kind === "veth" ? [r.record] : [],
    );
  }

  cluster(): DeployedCluster {
    const cluster = this.info.cluster;
    if (!cluster) throw new FabricError("no-cluster", `lab ${this.name} has no Kubernetes cluster`);
    return cluster;
  }

  clusterNode(name: string): DeployedClusterNode | undefined {
    return this.info.cluster?.nodes.find((n) => n.name === name);
  }

  podRecord(pod: string): NodeRecord | undefined {
    const r = this.byId.get(podResourceId(pod));
    return r?.type === "node" ? r.record : undefined;
  }

  /**
   * `pod/NAME` (kubectl's form) or `NODE/NAME` (the node the pod runs on, as in `kubectl get pods -o
   * wide`); undefined when `ref` has neither form, so the caller can treat it as a node name.
   */
  pod(ref: string): PodHandle | undefined {
    const slash = ref.indexOf("/");
    if (slash < 0) return undefined;
    const [scope, name] = [ref.slice(0, slash), ref.slice(slash + 1)];
    const cluster = this.info.cluster;
    const pod = cluster?.pods.find((p) => p.name === name && (scope === "pod" || p.node === scope));
    if (!pod) {
      const where = scope === "pod" ? "" : ` on node ${scope}`;
      throw new FabricError("pod-not-found", `lab ${this.name} has no pod ${name}${where}`, {
        suggestion: cluster?.pods.length
          ? `its pods are ${cluster.pods.map((p) => `${p.node}/${p.name}`).join(", ")}`
          : "the lab has no pods",
      });
    }
    // kubelet made it, not fabric: commands reach it through the cluster (kubectl).
    if (cluster?.provider === "kind") return { pod, kindCluster: cluster.name };
    const record = this.podRecord(pod.name);
    if (!record)
      throw new FabricError("node-not-running", `pod ${pod.name} of lab ${this.name} was never created`);
    return { pod, record };
  }
}
