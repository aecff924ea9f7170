// Connection collision detection (RFC 4271 §6.8): both speakers connected to each other at
// once, so two connections exist for one peering. Exactly one survives; the loser is closed
// with Cease/Connection Collision Resolution (RFC 4486 §4, subcode 7) via OpenCollisionDump.

import { assertNever } from "../../errors.js";
import type { NotificationData } from "../model.js";
import { ErrorCode } from "../model.js";
import { compareBgpIds } from "../bgp-id.js";
import { CeaseSubcode } from "./common.js";
import type { StateName } from "./states.js";

/** Who opened the TCP connection: we did (outgoing) or the peer did (incoming). */
export type ConnectionDirection = "outgoing" | "incoming";

export interface CollisionInput {
  readonly localBgpId: string;
  readonly remoteBgpId: string;
  readonly localAsn: number;
  readonly remoteAsn: number;
}

export interface CollisionDecision {
  readonly survivor: ConnectionDirection;
  readonly loser: ConnectionDirection;
  /** What the loser's state machine sends when it gets OpenCollisionDump. */
  readonly notification: NotificationData;
  readonly reason: string;
}

const other = (d: ConnectionDirection): ConnectionDirection => (d === "outgoing" ? "incoming" : "outgoing");

function decision(survivor: ConnectionDirection, reason: string): CollisionDecision {
  return {
    survivor,
    loser: other(survivor),
    notification: {
      code: ErrorCode.cease,
      subcode: CeaseSubcode.connectionCollisionResolution,
      data: new Uint8Array(),
    },
    reason,
  };
}

/**
 * RFC 4271 §6.8: the connection initiated by the speaker with the higher BGP identifier,
 * compared as unsigned 32-bit numbers, is kept. Equal identifiers can only happen on eBGP
 * (RFC 6286 §2.2); RFC 6286 §2.3 then keeps the connection initiated by the larger ASN.
 */
export function resolveCollision(input: CollisionInput): CollisionDecision {
  const byId = compareBgpIds(input.localBgpId, input.remoteBgpId);
  if (byId > 0) return decision("outgoing", `our BGP identifier ${input.localBgpId} is higher`);
  if (byId < 0) return decision("incoming", `the peer's BGP identifier ${input.remoteBgpId} is higher`);
  if (input.localAsn > input.remoteAsn) return decision("outgoing", `same BGP identifier, our AS is larger`);
  if (input.localAsn < input.remoteAsn)
    return decision("incoming", `same BGP identifier, the peer's AS is larger`);
  // Same identifier and AS is an OPEN error (Bad BGP Identifier) caught before this point;
  // keep our own connection so the function stays total.
  return decision("outgoing", "same BGP identifier and AS");
}

/**
 * An OPEN just arrived on one connection while another one to the same peer exists. Only an
 * existing connection in OpenConfirm is compared by identifier (§6.8; we do not look at
 * OpenSent, where the peer's identifier is not known yet). An existing Established session
 * always wins: the new connection is closed (§6.8, CollisionDetectEstablishedState false).
 * Undefined: no collision to resolve yet.
 */
export function detectCollision(
  existing: { readonly state: StateName; readonly direction: ConnectionDirection },
  input: CollisionInput,
): CollisionDecision | undefined {
  switch (existing.state) {
    case "Idle":
    case "Connect":
    case "Active":
    case "OpenSent":
      return undefined;
    case "OpenConfirm":
      return resolveCollision(input);
    case "Established":
      return decision(existing.direction, "a session is already established");
    default:
      return assertNever(existing.state, "FSM state");
  }
}
