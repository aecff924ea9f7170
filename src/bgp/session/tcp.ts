// Opening the outgoing TCP connection (RFC 4271 §8.2.2 "initiates a TCP connection").
//
// TTL: Node's net module has no IP_TTL setter for TCP sockets (dgram has setTTL, net.Socket
// does not), and a socket created elsewhere cannot be handed to net.connect with options
// applied. So every session uses the namespace's default TTL (net.ipv4.ip_default_ttl,
// normally 64): an eBGP multihop peer up to that many hops away is reached, but a directly
// connected eBGP session is not limited to TTL 1 as RFC 4271 §5.1.3's single-hop convention
// (and FRR's default) would have it. Inside a lab node the speaker runs with --ttl-netfilter and
// sets ebgpMultihop with a mangle rule instead (../speaker/ttl-netfilter.ts); elsewhere it says
// so at start (unsupportedWarnings).

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

export function connectTo(peer: PeerConfig): net.Socket {
  return net.connect({
    host: peer.address,
    port: peer.peerPort,
    ...(peer.localAddress ? { localAddress: peer.localAddress } : {}),
  });
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
