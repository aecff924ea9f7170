// What a lab's checks assert, as resolved from the lab file. Targets are names as a user writes
// them: a node of the topology, a Kubernetes node, or a pod as `pod:<workload>@<node>` (pods get
// random names, so a lab file names them by what runs them and where).
import type { Location } from "../../../errors.js";

/** The address family a ping or traceroute uses (`family: ipv6` is ping6/traceroute6). */
export const CHECK_FAMILIES = ["ipv4", "ipv6"] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];

export const CHECK_TYPES = [
  "bgp-session",
  "bgp-prefix",
  "route",
  "ping",
  "traceroute",
  "service",
  "advertised",
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export const BGP_STATES = ["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"] as const;
export type BgpState = (typeof BGP_STATES)[number];

interface CheckBase {
  readonly name: string;
  /** How long the check may keep retrying before it fails (convergence time). */
  readonly waitMs: number;
  readonly location?: Location;
}

export type CheckSpec =
  | (CheckBase & {
      readonly type: "bgp-session";
      readonly node: string;
      /**
       * Peer address, interface (unnumbered), or the peer's hostname (FRR); peer address or the
       * peer's name in the CiliumBGPClusterConfig (a Kubernetes node's speaker).
       */
      readonly peer: string;
      readonly state: BgpState;
    })
  | (CheckBase & {
      readonly type: "bgp-prefix";
      readonly node: string;
      readonly prefix: string;
      readonly present: boolean;
      /** AS numbers of the best path, in order; [] for a locally originated or iBGP route. */
      readonly asPath?: readonly number[];
      readonly nextHop?: string;
      readonly communities?: readonly string[];
      readonly localPreference?: number;
    })
  | (CheckBase & {
      readonly type: "route";
      readonly node: string;
      readonly prefix: string;
      readonly present: boolean;
      readonly via?: string;
      readonly dev?: string;
      /** How many next hops the route has: 4 for four equal-cost paths (ECMP), 1 for one. */
      readonly paths?: number;
    })
  | (CheckBase & {
      readonly type: "ping";
      readonly from: string;
      /** An address, or a target whose address is known (`pod:…`, a Kubernetes node). */
      readonly to: string;
      readonly count: number;
      /** Highest acceptable loss, in percent. */
      readonly maxLossPercent: number;
      /** Which of a dual-stack target's addresses; absent: `to`'s own family, else IPv4. */
      readonly family?: CheckFamily;
    })
  | (CheckBase & {
      readonly type: "traceroute";
      readonly from: string;
      readonly to: string;
      /** Each hop: an address, a node name (any of its addresses), or `*` for a silent hop. */
      readonly hops: readonly string[];
      readonly family?: CheckFamily;
    })
  | (CheckBase & {
      /** HTTP GETs to a Service address from a node, pod or router: each must be answered. */
      readonly type: "service";
      readonly from: string;
      /** The Service address (ClusterIP, external IP or LoadBalancer IP). */
      readonly to: string;
      readonly port: number;
      /** How many requests, each a new connection (so each is load-balanced afresh). */
      readonly requests: number;
      /** Text every reply must contain. */
      readonly expect?: string;
      /** Pods (`pod:<workload>@<node>`) that must each answer at least once, and no other pod. */
      readonly backends?: readonly string[];
    })
  | (CheckBase & {
      /** Which nodes a router's BGP table has a prefix from: exactly these. */
      readonly type: "advertised";
      /** The router looking (FRR). */
      readonly node: string;
      readonly prefix: string;
      /** Kubernetes nodes (or other BGP speakers by name); [] means nobody advertises it. */
      readonly by: readonly string[];
    });

export interface CheckResult {
  readonly name: string;
  /** A check's type, or "fault" for a scenario's fault that could not be applied. */
  readonly type: CheckType | "fault";
  /** The scenario it ran in; absent for the lab's `checks:`. */
  readonly scenario?: string;
  readonly passed: boolean;
  /** What the check wanted, in words. */
  readonly expected: string;
  /** What it saw on its last attempt. */
  readonly observed: string;
  readonly attempts: number;
  readonly durationMs: number;
}
