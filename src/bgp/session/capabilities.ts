// What our OPEN carries for one peer (RFC 5492). The FSM's own default set is the minimum;
// the speaker adds what a sidecar next to FRR, BIRD and GoBGP is expected to announce.

import type { InstanceConfig, PeerConfig } from "../config/speaker-config.js";
import { familyOf } from "../../net/index.js";
import type { Capability } from "../model.js";
import { AFI, SAFI } from "../model.js";

/** True when the peer is reached over IPv6. */
export function isIpv6Peer(peer: PeerConfig): boolean {
  return familyOf(peer.address) === 6;
}

/**
 * - one multiprotocol capability per configured family (RFC 4760 §8); IPv4 unicast when none;
 * - route refresh (RFC 2918) and enhanced route refresh (RFC 7313): we can resend on demand;
 * - 4-octet AS (RFC 6793) with the real ASN;
 * - FQDN (draft-walton-bgp-hostname) with the node name, so routers show which node it is;
 * - graceful restart (RFC 4724 §3), always. Without gracefulRestart.enabled, in the receiving-
 *   speaker role only: restart time 0 and no <AFI,SAFI>, which §3 defines as "not capable of
 *   preserving its forwarding state during BGP restart, but supports procedures for the Receiving
 *   Speaker". That lets a restarting FRR keep its forwarding state and lets us keep its routes
 *   (stale) until its End-of-RIB, and tells the peer not to keep ours: a crash withdraws them, as
 *   on Cilium. With gracefulRestart.enabled, the restarting-speaker role too: restartTimeSeconds,
 *   every configured family, and
 *   - the Restart State bit (R) in the OPENs of the first session after the speaker itself
 *     restarted (`restarted`), so the peer does not wait for our End-of-RIB before sending;
 *   - the Forwarding State bit (F) set for every family: the forwarding state a peer's traffic to
 *     this node depends on is the node's kernel routes to its pods, which the speaker never owns
 *     and which outlive any restart of it. With F clear, FRR would flush our stale routes the
 *     moment the session comes back instead of at our End-of-RIB;
 * - extended next hop (RFC 8950) for IPv4 unicast over an IPv6 peering, the only case where an
 *   IPv4 route can need an IPv6 next hop.
 */
export function sessionCapabilities(
  node: string,
  instance: InstanceConfig,
  peer: PeerConfig,
  restarted = false,
): Capability[] {
  const families = peer.families.length
    ? peer.families.map((f) => ({ afi: AFI[f.afi], safi: SAFI[f.safi] }))
    : [{ afi: AFI.ipv4, safi: SAFI.unicast }];
  const caps: Capability[] = families.map((afiSafi) => ({ type: "multiprotocol", afiSafi }));
  caps.push(
    { type: "route-refresh" },
    { type: "enhanced-route-refresh" },
    { type: "four-octet-as", asn: instance.localASN },
    { type: "fqdn", hostname: node.slice(0, 64), domain: "" },
    gracefulRestart(peer, families, restarted),
  );
  if (isIpv6Peer(peer) && families.some((f) => f.afi === AFI.ipv4)) {
    caps.push({
      type: "extended-next-hop",
      entries: [{ afi: AFI.ipv4, safi: SAFI.unicast, nextHopAfi: AFI.ipv6 }],
    });
  }
  return caps;
}

function gracefulRestart(
  peer: PeerConfig,
  families: readonly { afi: number; safi: number }[],
  restarted: boolean,
): Capability {
  const gr = peer.gracefulRestart;
  if (!gr?.enabled)
    return { type: "graceful-restart", restarting: false, restartTimeSeconds: 0, families: [] };
  return {
    type: "graceful-restart",
    restarting: restarted,
    restartTimeSeconds: gr.restartTimeSeconds,
    families: families.map((f) => ({ ...f, forwardingPreserved: true })),
  };
}
