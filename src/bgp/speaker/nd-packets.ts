// The two Neighbor Discovery messages BGP unnumbered needs (RFC 4861 §4.1, §4.2), as bytes for a
// raw ICMPv6 socket: the kernel fills in the ICMPv6 checksum of such a socket itself (RFC 3542
// §3.1), so it is left 0 here.
//
// Why the node sends router advertisements at all: FRR's `neighbor IFNAME interface` learns its
// peer's link-local address from the RAs zebra receives on that interface, and until it knows
// the address it refuses a connection from it. The node's RA says "not a default router"
// (router lifetime 0, RFC 4861 §4.2), so no host on the link starts routing through it.

export const ND_TYPE = { routerSolicitation: 133, routerAdvertisement: 134 } as const;

/** All-nodes and all-routers link-local multicast (RFC 4291 §2.7.1). */
export const ALL_NODES = [0xff, 0x02, ...new Array<number>(13).fill(0), 0x01];
export const ALL_ROUTERS = [0xff, 0x02, ...new Array<number>(13).fill(0), 0x02];

/** RFC 4861 §4.2: type, code, checksum, hop limit, flags, router lifetime, reachable, retrans. */
export function routerAdvertisement(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(ND_TYPE.routerAdvertisement, 0);
  // Cur hop limit 0 (unspecified), no M/O flags, router lifetime 0: not a default router.
  return b;
}

/** RFC 4861 §4.1: type, code, checksum, reserved. */
export function routerSolicitation(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(ND_TYPE.routerSolicitation, 0);
  return b;
}

/**
 * Whether a received ICMPv6 message is a router advertisement worth believing: type 134, code 0
 * and at least the 16-octet fixed part (RFC 4861 §6.1.2), from a link-local source (a router
 * always sends from its link-local address, §4.2). The hop limit 255 check of §6.1.2 (which needs
 * recvmsg and its control messages) is not made: what it guards against, an RA from beyond the
 * link, cannot carry a link-local source, which no router forwards (RFC 4291 §2.5.6), and the
 * socket is bound to the one link the peer is on.
 */
export function isRouterAdvertisement(data: Uint8Array, from: readonly number[]): boolean {
  return (
    data.length >= 16 &&
    data[0] === ND_TYPE.routerAdvertisement &&
    data[1] === 0 &&
    from[0] === 0xfe &&
    ((from[1] ?? 0) & 0xc0) === 0x80
  );
}

/**
 * struct icmp6_filter (RFC 3542 §3.2): 256 bits, one per ICMPv6 type, a set bit blocks it. Only
 * router advertisements pass, so the socket's queue holds nothing else.
 */
export function onlyRouterAdvertisements(littleEndian: boolean): Buffer {
  const words = new Array<number>(8).fill(0xffffffff);
  const type = ND_TYPE.routerAdvertisement;
  words[type >> 5] = ((words[type >> 5] ?? 0) & ~(1 << (type & 31))) >>> 0;
  const b = Buffer.alloc(32);
  words.forEach((w, i) => (littleEndian ? b.writeUInt32LE(w, i * 4) : b.writeUInt32BE(w, i * 4)));
  return b;
}
