// What checks need from a running lab, behind one interface so the evaluation logic is tested
// with canned outputs and the real implementation lives with the lab code.
import type { ExecResult } from "../runtime/types.js";

/** How a target speaks BGP, which decides where a BGP check looks. */
export type BgpSpeakerKind = "frr" | "speaker" | "none";

/** One row of the speaker's peers view (fabric's TypeScript speaker on Kubernetes nodes). */
export interface SpeakerPeerRow {
  readonly peerAddress: string;
  /** The peer's name in the CiliumBGPClusterConfig. */
  readonly peerName?: string;
  readonly state: string;
  /** Why it is not Established, when the speaker knows. */
  readonly reason?: string;
}

/** One route of the speaker's routes-available view. */
export interface SpeakerRouteRow {
  readonly prefix: string;
  readonly nextHop: string;
  readonly asPath: readonly number[];
  readonly communities: readonly string[];
  readonly localPreference?: number;
}

/** Every speaker's peers, from one look at the whole lab (one question per speaker host). */
export interface SpeakerPeersOfLab {
  /** The node's rows; throws a FabricError (speaker-unreachable) when its speaker did not answer. */
  peersOf(node: string): readonly SpeakerPeerRow[];
}

export interface LabProbe {
  /** Run a command in a node or pod (`pod:<workload>@<node>`). */
  exec(target: string, argv: readonly string[]): Promise<ExecResult>;
  bgpKind(target: string): BgpSpeakerKind;
  speakerPeers(): Promise<SpeakerPeersOfLab>;
  speakerRoutes(target: string, afi: "ipv4" | "ipv6"): Promise<readonly SpeakerRouteRow[]>;
  /**
   * The address a destination means: itself if an address, a pod's IP, a Kubernetes node's IP;
   * with `family`, its address of that family (a dual-stack pod's IPv6 one, a node's global IPv6).
   */
  addressOf(target: string, family?: "ipv4" | "ipv6"): Promise<string>;
  /** The pod a `pod:<workload>@<node>` reference names (what its hostname is). */
  podName?(target: string): string;
  /** Every address a node (or pod) holds, for matching traceroute hops given by name. */
  addressesOf(target: string): Promise<readonly string[]>;
  /**
   * The same probe with every command it runs in a node ended after `timeoutMs`, so one look
   * cannot outlast the check's wait (a vtysh waiting on a hung bgpd would otherwise never return).
   */
  within?(timeoutMs: number): LabProbe;
}
