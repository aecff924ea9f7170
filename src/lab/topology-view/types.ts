// The live picture of a deployed lab that `fabric graph --serve` serves as /api/graph and the page
// draws: a contract of plain JSON, so the page, a script and the tests read the same thing.
import type { ActiveFault } from "../../state/active-faults.js";

/** What a vertex is; the page styles and groups by it. */
export type GraphNodeKind = "router" | "k8s-node" | "pod" | "host";

export interface GraphNode {
  /** Unique in the snapshot: the node's name, or `pod/NAME` for a pod. */
  readonly id: string;
  readonly name: string;
  readonly kind: GraphNodeKind;
  /** `spine` or `tor` for routers, the Kubernetes role for nodes, `pod`, `host`. */
  readonly role: string;
  /** The rack it belongs to (its `rack` label, or the rack its links lead to); absent: none. */
  readonly rack?: string;
  /** A pod's Kubernetes node. */
  readonly parent?: string;
  /** From the node's own BGP status (FRR's `as`, the speaker's local AS). */
  readonly asn?: number;
  readonly routerId?: string;
  /** Addresses as the lab knows them: management, node IP, PodCIDR, pod IP. */
  readonly addresses: readonly string[];
  /** Topology nodes that share this node's network namespace (network-mode container:X). */
  readonly members: readonly string[];
  /** Frozen by `fabric node stop`. */
  readonly frozen: boolean;
}

export interface GraphLinkEnd {
  readonly node: string;
  readonly iface: string;
}

export interface GraphLink {
  readonly id: string;
  readonly a: GraphLinkEnd;
  readonly b: GraphLinkEnd;
  /** `down` while a `fabric link down` (or a frozen end) is in force. */
  readonly state: "up" | "down";
  /** The fault in force on it, as `fabric inspect` shows it. */
  readonly fault?: string;
}

/**
 * One session in three states, as the page colours it; `configured` when the picture is drawn
 * from the lab's files (nothing runs, so a session has no state).
 */
export type SessionState = "established" | "connecting" | "down" | "configured";

/** One side of a session, as that side's BGP status reports it. */
export interface SessionEnd {
  readonly node: string;
  /** The neighbor as this node names it: an address, or an interface (unnumbered). */
  readonly peer: string;
  readonly source: "frr" | "speaker";
  /** As the node reports it: FRR's `Established`, `Active`…; the speaker's `established`… */
  readonly reported: string;
  readonly state: SessionState;
  readonly localAsn?: number;
  readonly peerAsn?: number;
  readonly received: number;
  readonly advertised: number;
}

export interface GraphSession {
  readonly id: string;
  readonly a: string;
  /** The other node; absent when neither end could be matched to a node of the lab. */
  readonly b?: string;
  /** Established when every end that answered says so; down when an end is idle or unheard. */
  readonly state: SessionState;
  readonly ends: readonly SessionEnd[];
}

export interface GraphProblem {
  readonly node: string;
  readonly message: string;
}

export interface GraphSnapshot {
  readonly lab: string;
  /** When the status was gathered (ISO 8601). */
  readonly at: string;
  readonly nodes: readonly GraphNode[];
  readonly links: readonly GraphLink[];
  readonly sessions: readonly GraphSession[];
  readonly faults: readonly ActiveFault[];
  /** Nodes whose status could not be read this time. */
  readonly problems: readonly GraphProblem[];
}
