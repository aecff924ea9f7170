// What the pure transition function needs beyond the state: configuration, the capabilities
// we send, and an injected random source (for RFC 4271 §10 jitter) so that tests decide it.

import type { Capability } from "../model.js";
import { AFI, SAFI } from "../model.js";
import type { InstanceConfig, PeerConfig } from "../config/speaker-config.js";

export interface FsmContext {
  readonly localAsn: number;
  /** Our BGP identifier (router id), dotted quad. */
  readonly localBgpId: string;
  /** The ASN the peer must announce; 0 accepts any (Cilium's `peerASN: 0`). */
  readonly peerAsn: number;
  /** Configured hold time; 0 asks for no keepalives and no hold timer (RFC 4271 §4.2). */
  readonly holdTimeSeconds: number;
  readonly keepaliveTimeSeconds: number;
  readonly connectRetryTimeSeconds: number;
  /** Wait in Active for the peer to connect and never initiate (RFC 4271 §8.1.1 PassiveTcpEstablishment). */
  readonly passive: boolean;
  /** The capabilities our OPEN carries; negotiation intersects them with the peer's. */
  readonly localCapabilities: readonly Capability[];
  /** Uniform in [0, 1), like Math.random. */
  readonly random: () => number;
}

/** RFC 4271 §8.2.2: the hold timer while waiting for the peer's OPEN, "4 minutes suggested". */
export const OPEN_HOLD_TIME_MS = 240_000;

/**
 * The capabilities a peer's configuration implies: one multiprotocol capability per family
 * (RFC 4760), route refresh (RFC 2918), 4-octet ASNs (RFC 6793) and, when enabled, graceful
 * restart (RFC 4724) for the configured families with forwarding not preserved: the speaker
 * does not program a forwarding table of its own.
 */
export function localCapabilitiesFor(instance: InstanceConfig, peer: PeerConfig): Capability[] {
  const families = peer.families.length
    ? peer.families.map((f) => ({ afi: AFI[f.afi], safi: SAFI[f.safi] }))
    : [{ afi: AFI.ipv4, safi: SAFI.unicast }];
  const caps: Capability[] = families.map((afiSafi) => ({ type: "multiprotocol", afiSafi }));
  caps.push({ type: "route-refresh" }, { type: "four-octet-as", asn: instance.localASN });
  if (peer.gracefulRestart?.enabled) {
    caps.push({
      type: "graceful-restart",
      restarting: false,
      restartTimeSeconds: peer.gracefulRestart.restartTimeSeconds,
      families: families.map((f) => ({ ...f, forwardingPreserved: false })),
    });
  }
  return caps;
}

export interface FsmContextOptions {
  readonly passive?: boolean;
  readonly random?: () => number;
  readonly localCapabilities?: readonly Capability[];
}

/** The context for one configured peer of one instance. */
export function fsmContextFor(
  instance: InstanceConfig,
  peer: PeerConfig,
  options: FsmContextOptions = {},
): FsmContext {
  return {
    localAsn: instance.localASN,
    localBgpId: instance.routerId,
    peerAsn: peer.peerASN,
    holdTimeSeconds: peer.timers.holdTimeSeconds,
    keepaliveTimeSeconds: peer.timers.keepAliveTimeSeconds,
    connectRetryTimeSeconds: peer.timers.connectRetryTimeSeconds,
    passive: options.passive ?? false,
    localCapabilities: options.localCapabilities ?? localCapabilitiesFor(instance, peer),
    random: options.random ?? Math.random,
  };
}
