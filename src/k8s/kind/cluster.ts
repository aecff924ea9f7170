// A lab's Kubernetes cluster as a real kind cluster (`deploy --cluster-provider kind`): recorded
// before kind creates it, the topology built inside its node containers before their kubelets
// can turn Ready on their node IPs, then the lab record told what the cluster really is (the
// PodCIDRs the controller manager chose, the pods' real addresses).
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import { FabricError } from "../../errors.js";
import { clusterInfo } from "../cluster-info.js";
import { describeDifference } from "./compare.js";
import { manifestFiles } from "./manifests.js";
import type { KindClusterUp, KindUpOptions } from "./types.js";
import type { NodeRecord } from "../../runtime/types.js";
import { resolveSpeakers } from "../../model/cilium/index.js";
import type { Lab } from "../../model/model.js";
import type { KindHost } from "./host.js";
import { kindNodeRecord } from "./node-records.js";
import type { DeployedCluster, DeployedPod } from "../../state/lab-info.js";
import type { Progress } from "../../state/progress.js";
import type { KindClusterRecord } from "../../state/resources.js";
import type { LabRecord } from "../../state/state-store.js";

/** What deploy needs of KindProvider (k8s/kind/provider.ts); tests may hand it a scripted runner. */
export interface KindCluster {
  readonly name: string;
  /** One error naming every missing tool. */
  checkTools(): Promise<void>;
  up(opts: KindUpOptions): Promise<KindClusterUp>;
}

export const KIND_CLUSTER_ID = "kind-cluster";

export interface KindContext {
  readonly lab: Lab;
  readonly record: LabRecord;
  readonly progress: Progress;
  readonly kind: KindCluster;
  readonly host: KindHost;
}

export interface KindUp {
  readonly up: KindClusterUp;
  /** The kind nodes by name, as NodeRecords. */
  readonly nodes: ReadonlyMap<string, NodeRecord>;
}

/**
 * kind create … Ready … manifests … pods; `inNodes` runs once the node containers exist and
 * before fabric waits for Ready: the kubelet's node-ip must be on an interface of its node.
 */
export async function upKindCluster(
  ctx: KindContext,
  inNodes: (nodes: ReadonlyMap<string, NodeRecord>) => Promise<void>,
): Promise<KindUp> {
  const { lab, record, kind, host } = ctx;
  const planned: KindClusterRecord = { name: kind.name, netns: [] };
  record.add({ type: "kind-cluster", id: KIND_CLUSTER_ID, record: planned });
  const nodes = new Map<string, NodeRecord>();
  ctx.progress.phase(`kind cluster ${kind.name}`);
  const up = await kind.up({
    manifests: manifestFiles(lab.workloads, lab.services),
    workloads: lab.workloads,
    beforeReady: async (containers) => {
      const pinned: KindClusterRecord = { ...planned, netns: containers.map((c) => c.name) };
      record.update(KIND_CLUSTER_ID, pinned);
      for (const c of containers) {
        await host.pinNetns(c.name, c.pid);
        const node = kindNodeRecord(lab.name, c, await host.holder(c.pid));
        // The speaker's files live here, on the host (a runtime makes its nodes' state dirs).
        const made = await host.speakers.exec(node, ["mkdir", "-p", node.stateDir]);
        if (made.exitCode !== 0)
          throw new FabricError("kind-node-dir", `cannot make ${node.stateDir}: ${made.stderr.trim()}`);
        nodes.set(c.name, node);
      }
      await inNodes(nodes);
      ctx.progress.phase(`waiting for the kind nodes to be Ready, then the workloads' pods`);
    },
  });
  for (const note of up.notes) ctx.progress.note(`kind cluster ${kind.name}: ${describeDifference(note)}`);
  return { up, nodes };
}

/**
 * The nodes' speaker configs against the cluster kind made: the controller manager hands out
 * PodCIDRs in registration order, not config order, and a speaker must advertise its node's real
 * one. Diagnostics are not repeated: the lab loaded cleanly against the same resources, and only
 * the PodCIDRs differ.
 */
export function kindSpeakers(lab: Lab, up: KindClusterUp): Map<string, SpeakerConfig> {
  return resolveSpeakers(lab.bgpResources, up.cluster, lab.services).speakers;
}

/** The cluster as `fabric get` and `fabric bgp` read it: real PodCIDRs and pod addresses. */
export function kindClusterInfo(
  lab: Lab,
  up: KindClusterUp,
  speakers: ReadonlyMap<string, SpeakerConfig>,
): DeployedCluster {
  return { ...clusterInfo(up.cluster, [], speakers, "kind"), pods: up.pods.map((p) => deployedPod(lab, p)) };
}

function deployedPod(lab: Lab, pod: KindClusterUp["pods"][number]): DeployedPod {
  const owner = pod.owner ?? { kind: "Pod", name: pod.name };
  const workload = lab.workloads.find(
    (w) => w.namespace === pod.namespace && w.kind === owner.kind && w.name === owner.name,
  );
  return {
    name: pod.name,
    namespace: pod.namespace,
    owner: `${owner.kind}/${owner.name}`,
    // waitPods returns only Running and Ready pods of the plan: each has its node and address.
    node: pod.node ?? "",
    ip: pod.ip ?? "",
    ...(workload?.image !== undefined && { image: workload.image }),
    command: workload?.command ?? [],
  };
}
