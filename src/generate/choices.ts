// The choices and limits of `fabric generate`, with no imports: the CLI declares its options from
// them before any generation code is loaded.

/** ToR ↔ spine links: eBGP on /31s, or eBGP over IPv6 link-local addresses (RFC 5549, "unnumbered"). */
export const FABRIC_LINKS = ["ebgp-unnumbered", "ebgp-numbered"] as const;
export type FabricLinks = (typeof FABRIC_LINKS)[number];

/** Kubernetes nodes ↔ their ToR: iBGP in the ToR's AS (the reference lab), or eBGP from a rack AS. */
export const NODE_PEERINGS = ["ibgp", "ebgp"] as const;
export type NodePeering = (typeof NODE_PEERINGS)[number];

/** `full`: every session and every PodCIDR; `sample`: every fabric session, and each rack's first and last node. */
export const CHECK_SETS = ["full", "sample"] as const;
export type CheckSet = (typeof CHECK_SETS)[number];

/**
 * Why each count stops where it does:
 * - spines and racks: one loopback /32 each in a /24 (10.0.0.0/24 spines, 10.0.1.0/24 ToRs);
 * - nodes per rack: one /30 per node link in the rack's /24 (10.2.<rack>.0/24).
 */
export const LIMITS = {
  spines: { min: 1, max: 254, why: "one loopback each in 10.0.0.0/24" },
  racks: { min: 1, max: 254, why: "one ToR loopback each in 10.0.1.0/24" },
  nodesPerRack: { min: 1, max: 64, why: "one /30 per node link in the rack's /24" },
} as const;
