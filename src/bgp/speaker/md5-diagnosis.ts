// Why a session with (or without) a TCP-MD5 password does not come up, in words. RFC 2385 makes
// every mismatch silent on the wire: a segment whose signature is missing, unexpected or wrong
// is dropped without a reply, so the connecting side only sees a timeout (Cilium's `dial: i/o
// timeout`). The receiving kernel counts each drop (md5-counters.ts); put beside what this side
// knows of the peer (is a password set for it here?) the counters name the mismatch.
//
// The counters are per network namespace, not per peer: a node with two failing peers in the
// same situation sees one count for both, and both get the reason.
import type { Md5Counters } from "./md5-counters.js";

export interface Md5PeerView {
  readonly address: string;
  /** A password is configured here for this peer. */
  readonly hasPassword: boolean;
  readonly established: boolean;
  /** No TCP connection yet (Connect or Active): where an MD5 mismatch leaves a session. */
  readonly connecting: boolean;
}

export function md5Delta(now: Md5Counters, since: Md5Counters): Md5Counters {
  return {
    notFound: now.notFound - since.notFound,
    unexpected: now.unexpected - since.unexpected,
    failure: now.failure - since.failure,
  };
}

/**
 * The reason for a session stuck before TCP is up, from what the kernel here dropped since the
 * peer was last Established (or the speaker started); undefined when MD5 explains nothing.
 *
 * The peer's segments are checked against the key for their source address: a router that
 * connects from an interface address rather than the address it is peered with (FRR without
 * update-source) reaches a key-less address here, and is counted as TCPMD5Unexpected whatever
 * its password. So with a password set here, a peer that signs (Unexpected) yet never answers
 * our signed SYNs has another password: a peer with ours would have answered.
 */
export function md5Reason(peer: Md5PeerView, delta: Md5Counters | undefined): string | undefined {
  if (peer.established || !peer.connecting) return undefined;
  const who = peer.address;
  if (peer.hasPassword) {
    if (delta && delta.failure > 0)
      return `TCP-MD5: the passwords differ (the kernel here dropped ${delta.failure} segment(s) whose signature did not match, TCPMD5Failure)`;
    if (delta && delta.notFound > 0)
      return `TCP-MD5: a password is set here but ${who} does not sign (the kernel here dropped ${delta.notFound} unsigned segment(s), TCPMD5NotFound)`;
    if (delta && delta.unexpected > 0)
      return `TCP-MD5: the passwords differ: ${who} signs its segments (the kernel here dropped ${delta.unexpected} from an address with no password here, TCPMD5Unexpected) but does not answer our signed SYNs`;
    return `TCP-MD5: no answer from ${who} to our signed SYNs, and no segment of its reached a socket here: it has no password for this node, or another one (the kernel here cannot tell which unless ${who} connects to a listening port, localPort)`;
  }
  if (delta && delta.unexpected > 0)
    return `TCP-MD5: ${who} signs its segments but no password is set for it here (the kernel here dropped ${delta.unexpected} signed segment(s), TCPMD5Unexpected; set authSecretRef on its CiliumBGPPeerConfig)`;
  return undefined;
}
