// Checking a received OPEN (RFC 4271 §6.2) and agreeing on the session's parameters from the
// two OPENs. The result is either the NOTIFICATION to send or the negotiated session.

import type { AfiSafi, Capability, NotificationData } from "../model.js";
import { AFI, ErrorCode, SAFI } from "../model.js";
import { bgpIdToNumber } from "../bgp-id.js";
import type { FsmContext } from "./context.js";
import type { ReceivedOpen } from "./events.js";

/** RFC 4271 §6.2 OPEN Message Error subcodes. */
export const OpenErrorSubcode = {
  unsupportedVersion: 1,
  badPeerAs: 2,
  badBgpIdentifier: 3,
  unsupportedOptionalParameter: 4,
  unacceptableHoldTime: 6,
} as const;

export const BGP_VERSION = 4;

type GracefulRestartCapability = Extract<Capability, { type: "graceful-restart" }>;
type ExtendedNextHopEntry = Extract<Capability, { type: "extended-next-hop" }>["entries"][number];

export interface NegotiatedSession {
  readonly peerAsn: number;
  readonly peerBgpId: string;
  /** iBGP: the peer is in our AS (RFC 4271 §6.2 "internal connection"). */
  readonly internal: boolean;
  /** 0: no keepalives, no hold timer. */
  readonly holdTimeSeconds: number;
  readonly keepaliveSeconds: number;
  /** Address families both OPENs carry. */
  readonly families: readonly AfiSafi[];
  readonly fourOctetAs: boolean;
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  /** RFC 8950 entries both sides advertise. */
  readonly extendedNextHop: readonly ExtendedNextHopEntry[];
  /** Present when the peer advertised graceful restart: we act as its helper (RFC 4724 §4.2). */
  readonly peerGracefulRestart?: Omit<GracefulRestartCapability, "type">;
  readonly peerHostname?: string;
  readonly peerCapabilities: readonly Capability[];
}

export type OpenCheck =
  | { readonly ok: true; readonly session: NegotiatedSession }
  | { readonly ok: false; readonly error: NotificationData; readonly reason: string };

function reject(subcode: number, reason: string, data: Uint8Array = new Uint8Array()): OpenCheck {
  return { ok: false, error: { code: ErrorCode.openMessage, subcode, data }, reason };
}

/**
 * Hold time = the smaller of the two (RFC 4271 §4.2). Keepalive follows FRR: a third of the
 * negotiated hold time, or the configured keepalive when that is smaller (FRR's bgp_open
 * takes the minimum of both). A configured keepalive of 0 means "derive it".
 */
export function negotiateTimers(
  ourHold: number,
  theirHold: number,
  configuredKeepalive: number,
): { holdTimeSeconds: number; keepaliveSeconds: number } {
  const hold = Math.min(ourHold, theirHold);
  if (hold === 0) return { holdTimeSeconds: 0, keepaliveSeconds: 0 };
  const third = Math.floor(hold / 3);
  const keepalive = configuredKeepalive > 0 ? Math.min(configuredKeepalive, third) : third;
  return { holdTimeSeconds: hold, keepaliveSeconds: Math.max(1, keepalive) };
}

/** RFC 4760: a speaker that sends no multiprotocol capability speaks IPv4 unicast only. */
function familiesOf(caps: readonly Capability[]): AfiSafi[] {
  const mp = caps.flatMap((c) => (c.type === "multiprotocol" ? [c.afiSafi] : []));
  return mp.length ? mp : [{ afi: AFI.ipv4, safi: SAFI.unicast }];
}

function has(caps: readonly Capability[], type: Capability["type"]): boolean {
  return caps.some((c) => c.type === type);
}

function find<T extends Capability["type"]>(
  caps: readonly Capability[],
  type: T,
): Extract<Capability, { type: T }> | undefined {
  return caps.find((c): c is Extract<Capability, { type: T }> => c.type === type);
}

/** Checks in the order RFC 4271 §6.2 lists them: version, peer AS, hold time, identifier. */
export function checkOpen(open: ReceivedOpen, ctx: FsmContext): OpenCheck {
  if (open.version !== BGP_VERSION) {
    // The data is the largest version we support, as a 2-octet number.
    return reject(
      OpenErrorSubcode.unsupportedVersion,
      `peer speaks BGP version ${open.version}, we speak ${BGP_VERSION}`,
      new Uint8Array([0, BGP_VERSION]),
    );
  }
  // RFC 7607: AS 0 in an OPEN is an error whatever we expect.
  if (open.asn === 0) return reject(OpenErrorSubcode.badPeerAs, "peer announced AS 0");
  if (ctx.peerAsn !== 0 && open.asn !== ctx.peerAsn) {
    return reject(OpenErrorSubcode.badPeerAs, `peer announced AS ${open.asn}, expected AS ${ctx.peerAsn}`);
  }
  if (open.holdTime === 1 || open.holdTime === 2) {
    return reject(OpenErrorSubcode.unacceptableHoldTime, `peer proposed hold time ${open.holdTime}s`);
  }
  const internal = open.asn === ctx.localAsn;
  const id = bgpIdToNumber(open.bgpId);
  if (id === undefined || id === 0) {
    return reject(OpenErrorSubcode.badBgpIdentifier, `peer BGP identifier ${open.bgpId} is not valid`);
  }
  // RFC 6286 §2.2: identifiers must differ within an AS; an eBGP peer may share ours.
  if (internal && id === bgpIdToNumber(ctx.localBgpId)) {
    return reject(OpenErrorSubcode.badBgpIdentifier, `iBGP peer uses our own BGP identifier ${open.bgpId}`);
  }

  const ours = ctx.localCapabilities;
  const theirs = open.capabilities;
  const peerFamilies = familiesOf(theirs);
  const families = familiesOf(ours).filter((f) =>
    peerFamilies.some((p) => p.afi === f.afi && p.safi === f.safi),
  );
  const ourEnh = find(ours, "extended-next-hop")?.entries ?? [];
  const theirEnh = find(theirs, "extended-next-hop")?.entries ?? [];
  const gr = find(theirs, "graceful-restart");
  const fqdn = find(theirs, "fqdn");
  const session: NegotiatedSession = {
    peerAsn: open.asn,
    peerBgpId: open.bgpId,
    internal,
    ...negotiateTimers(ctx.holdTimeSeconds, open.holdTime, ctx.keepaliveTimeSeconds),
    families,
    fourOctetAs: has(ours, "four-octet-as") && has(theirs, "four-octet-as"),
    routeRefresh: has(ours, "route-refresh") && has(theirs, "route-refresh"),
    enhancedRouteRefresh: has(ours, "enhanced-route-refresh") && has(theirs, "enhanced-route-refresh"),
    extendedNextHop: ourEnh.filter((e) =>
      theirEnh.some((t) => t.afi === e.afi && t.safi === e.safi && t.nextHopAfi === e.nextHopAfi),
    ),
    ...(gr
      ? {
          peerGracefulRestart: {
            restarting: gr.restarting,
            restartTimeSeconds: gr.restartTimeSeconds,
            families: gr.families,
          },
        }
      : {}),
    ...(fqdn ? { peerHostname: fqdn.hostname } : {}),
    peerCapabilities: theirs,
  };
  return { ok: true, session };
}
