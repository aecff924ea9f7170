// Opening the outgoing TCP connection (RFC 4271 §8.2.2 "initiates a TCP connection").
//
// Where the socket is created and its TTL are the SocketPlace's business: the speaker's own
// (../speaker/socket-place.ts) creates it in a node's network namespace and sets IP_TTL to
// ebgpMultihop before the SYN; plainSockets, the default here, is net.connect in this
// namespace with the system's default TTL (Node has no IP_TTL setter for TCP sockets).

import { readFileSync } from "node:fs";
import net from "node:net";
import { familyOf } from "../../net/index.js";
import type { PeerConfig } from "../config/speaker-config.js";

/** The TTL our TCP segments leave with, as the kernel of this namespace sets it. */
export function defaultTtl(): number {
  try {
    const n = Number(readFileSync("/proc/sys/net/ipv4/ip_default_ttl", "utf8").trim());
    return Number.isInteger(n) && n > 0 ? n : 64;
  } catch {
    return 64;
  }
}

export interface SocketPlace {
  /** A socket connecting to the peer, with this TTL on every packet when given. */
  connect(peer: PeerConfig, ttl: number | undefined): net.Socket;
}

/** net.connect in this process's namespace; the TTL is the system default whatever is asked. */
export const plainSockets: SocketPlace = {
  connect: (peer) =>
    net.connect({
      host: peer.address,
      port: peer.peerPort,
      ...(peer.localAddress ? { localAddress: peer.localAddress } : {}),
    }),
};

/**
 * The TTL a session's packets must carry: Cilium's ebgpMultihop for an eBGP peer (1 = directly
 * connected only, RFC 4271 §5.1.3's single-hop convention, GoBGP's and FRR's default). iBGP, and
 * a peer whose AS is learned from its OPEN (peerASN 0), keep the system default.
 */
export function sessionTtl(localAsn: number, peer: PeerConfig): number | undefined {
  if (peer.peerASN === 0 || peer.peerASN === localAsn) return undefined;
  return peer.ebgpMultihop;
}

/** `connection to 10.0.0.1:179 refused`, from a socket error before the connection was up. */
export function describeConnectError(peer: PeerConfig, err: Error & { code?: string }): string {
  const where = `${familyOf(peer.address) === 6 ? `[${peer.address}]` : peer.address}:${peer.peerPort}`;
  switch (err.code ?? "") {
    case "ECONNREFUSED":
      return `connection to ${where} refused`;
    case "ETIMEDOUT":
      return `connection to ${where} timed out`;
    case "ENETUNREACH":
      return `no route to ${where}`;
    // Also what an ICMP time-exceeded from a router on the way turns into: the peer is further
    // away than the packets' TTL (ebgpMultihop for eBGP) lets them go.
    case "EHOSTUNREACH":
      return `${where} is unreachable: no route, or more hops away than ebgpMultihop (${peer.ebgpMultihop}) allows`;
    case "EADDRNOTAVAIL":
      return `cannot connect to ${where} from local address ${peer.localAddress ?? "(any)"}: address not available`;
    default:
      return `connection to ${where} failed: ${err.message}`;
  }
}
