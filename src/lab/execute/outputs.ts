// What stages learn by running, which later stages read: the records of created nodes (pids,
// namespaces), the management network as made, and what the cluster turned out to be.
import { InternalError } from "../../errors.js";
import type { ClusterOutcome } from "../../k8s/cluster-provider.js";
import type { MgmtNetworkRecord } from "../../links/types.js";
import type { ManagedNetworkRecord, NodeRecord } from "../../runtime/types.js";

/** Which management network the lab got. */
export type Management =
  /** The host bridge of links/mgmt.ts: each node is attached to it once it exists. */
  | { readonly type: "host-bridge"; readonly net: MgmtNetworkRecord }
  /** The runtime's own (docker): nodes join it when created. */
  | { readonly type: "runtime"; readonly net: ManagedNetworkRecord };

export class StageOutputs {
  private managementNet: Management | undefined;
  private clusterOutcome: ClusterOutcome | undefined;
  /** Every created node by name, the Kubernetes nodes included. */
  readonly nodes = new Map<string, NodeRecord>();
  /** The Kubernetes nodes by name. */
  readonly clusterNodes = new Map<string, NodeRecord>();

  set management(m: Management) {
    this.managementNet = m;
  }

  get management(): Management {
    return required(this.managementNet, "the management network");
  }

  set cluster(outcome: ClusterOutcome) {
    this.clusterOutcome = outcome;
  }

  get cluster(): ClusterOutcome {
    return required(this.clusterOutcome, "the cluster's workloads");
  }

  node(name: string): NodeRecord {
    return required(this.nodes.get(name), `node ${name}`);
  }

  addClusterNodes(nodes: ReadonlyMap<string, NodeRecord>): void {
    for (const [name, record] of nodes) {
      this.clusterNodes.set(name, record);
      this.nodes.set(name, record);
    }
  }
}

/** Stage order guarantees these exist: a missing one is fabric's bug. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new InternalError(`${what} is read before the stage that makes it ran`);
  return value;
}
