// The kinds of things a deploy creates, as they appear in the lab state record, and how each is
// removed. Adding a kind of resource means adding it here, and the compiler then asks destroy to
// handle it.
import { assertNever, InternalError } from "../errors.js";
import type { WiringRecord } from "../links/types.js";
import type { ManagedNetworkRecord, NodeRecord, Runtime } from "../runtime/types.js";
import type { InstanceSpec } from "../bgp/speaker/host/protocol.js";
import type { ProcessRef } from "../host/proc.js";
import type { ProcessControl, ProcessRecord } from "./processes.js";
import type { ResourceEntry } from "./state-store.js";
import type { Wiring } from "./wiring.js";

/** A real kind cluster as recorded: enough to delete it from the record alone. */
export interface KindClusterRecord {
  readonly name: string;
  /** Names under /run/netns pinned to its nodes, removed before the cluster. */
  readonly netns: readonly string[];
  /** Its nodes as later commands enter them (exec, get, bgp); absent in older records. */
  readonly nodes?: readonly NodeRecord[];
}

/** What destroy needs: from the record alone, idempotent. */
export interface KindRemoval {
  unpinNetns(name: string): Promise<void>;
  /** `kind delete cluster`; deleting a cluster that does not exist succeeds. */
  deleteCluster(name: string): Promise<void>;
}

/** Where the speaker host keeps its control socket and log (k8s/speaker/host-process.ts). */
export interface SpeakerHostFiles {
  /** The host's --dir: its control socket is DIR/host.sock. */
  readonly dir: string;
  readonly socket: string;
  readonly log: string;
}

export interface SpeakerHostRecord {
  readonly files: SpeakerHostFiles;
  readonly argv: readonly string[];
  /** Absent when recorded but not yet started. */
  readonly ref?: ProcessRef;
  readonly startedAt?: string;
}

export interface SpeakerInstanceRecord {
  readonly node: NodeRecord;
  readonly spec: InstanceSpec;
  /** The control socket of the host that runs it. */
  readonly hostSocket: string;
  /** False before it first started and after `fabric bgp stop NODE`. */
  readonly running: boolean;
}

/** What destroy needs of the speaker host (k8s/speaker/host.ts): from the record alone. */
export interface SpeakerRemoval {
  /** The instance leaves first: Cease to its peers while its links exist. */
  removeInstance(instance: SpeakerInstanceRecord): Promise<void>;
  stopHost(ref: ProcessRef): Promise<void>;
}

export type LabResource =
  | { readonly type: "node"; readonly id: string; readonly record: NodeRecord }
  | { readonly type: "wiring"; readonly id: string; readonly record: WiringRecord }
  | { readonly type: "process"; readonly id: string; readonly record: ProcessRecord }
  /** A runtime's own management network (Runtime.managementNetwork), e.g. a Docker network. */
  | { readonly type: "runtime-network"; readonly id: string; readonly record: ManagedNetworkRecord }
  /** A real kind cluster (deploy --cluster-provider kind), with the names pinned to its nodes. */
  | { readonly type: "kind-cluster"; readonly id: string; readonly record: KindClusterRecord }
  /** The lab's one BGP speaker host process (the default speaker mode). */
  | { readonly type: "speaker-host"; readonly id: string; readonly record: SpeakerHostRecord }
  /** A Kubernetes node's speaker as an instance of the speaker host. */
  | { readonly type: "speaker-instance"; readonly id: string; readonly record: SpeakerInstanceRecord };

const TYPES: readonly string[] = [
  "node",
  "wiring",
  "process",
  "runtime-network",
  "kind-cluster",
  "speaker-host",
  "speaker-instance",
] satisfies LabResource["type"][];

export function nodeResourceId(node: string): string {
  return `node:${node}`;
}

/** Pods are runtime nodes too, kept apart from the topology's so names never collide in the record. */
export function podResourceId(pod: string): string {
  return `pod:${pod}`;
}

export function speakerResourceId(node: string): string {
  return `speaker:${node}`;
}

/** The entries of a state record, typed. Unknown types (a newer fabric's) are reported, not guessed at. */
export function asLabResource(entry: ResourceEntry): LabResource | undefined {
  if (TYPES.includes(entry.type)) return entry as LabResource;
  return undefined;
}

export interface RemoveDeps {
  readonly runtime: Runtime;
  readonly wiring: Wiring;
  readonly processes: ProcessControl;
  readonly kind: KindRemoval;
  readonly speakers: SpeakerRemoval;
}

export async function removeResource(resource: LabResource, deps: RemoveDeps): Promise<void> {
  switch (resource.type) {
    case "node":
      return deps.runtime.remove(resource.record);
    case "wiring":
      return deps.wiring.remove(resource.record);
    case "process":
      if (resource.record.ref) await deps.processes.stop(resource.record.ref);
      return;
    case "runtime-network":
      if (!deps.runtime.managementNetwork) {
        throw new InternalError(`the ${deps.runtime.name} runtime has no management network to remove`);
      }
      return deps.runtime.managementNetwork.remove(resource.record);
    case "kind-cluster":
      // Links into the nodes are gone by now (recorded later, removed first); the pinned names
      // would keep the nodes' namespaces alive past `kind delete`.
      for (const name of resource.record.netns) await deps.kind.unpinNetns(name);
      return deps.kind.deleteCluster(resource.record.name);
    case "speaker-instance":
      return deps.speakers.removeInstance(resource.record);
    case "speaker-host":
      if (resource.record.ref) await deps.speakers.stopHost(resource.record.ref);
      return;
    default:
      return assertNever(resource, "lab resource");
  }
}
