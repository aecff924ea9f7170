// A kind node container as the rest of fabric sees nodes: a NodeRecord, so the topology's nodes
// can share its network namespace (`network-mode: container:kind-worker` becomes Docker's
// `container:kind-worker`), links end in it, and its speaker is recorded like any other.
// No runtime created it and none removes it: `kind delete cluster` does.
import type { KindNodeContainer } from "./types.js";
import type { ProcessRef } from "../../host/proc.js";
import { netnsName, nodeStateDir } from "../../runtime/netns/names.js";
import type { NodeRecord } from "../../runtime/types.js";

/** NodeRecord.runtime of kind nodes: no runtime of fabric's owns them. */
export const KIND_NODE_RUNTIME = "kind";

/** `/run/netns/<lab>-<container>`, as the netns runtime names its nodes'. */
export function kindNetnsName(lab: string, container: string): string {
  return netnsName(lab, container);
}

export function kindNodeRecord(lab: string, container: KindNodeContainer, holder: ProcessRef): NodeRecord {
  return {
    runtime: KIND_NODE_RUNTIME,
    lab,
    name: container.name,
    hostname: container.name,
    // Pinned under /run/netns per lab (kind/host.ts): kind names its containers after the cluster
    // alone (`kind-worker`), and a global /run/netns/kind-worker would be taken by the first lab
    // and torn down by whichever lab is destroyed first.
    netnsName: kindNetnsName(lab, container.name),
    stateDir: nodeStateDir(lab, container.name),
    env: {},
    mounts: [],
    holder,
    container: { name: container.name, image: "" },
  };
}
