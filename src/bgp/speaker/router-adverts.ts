// Routers on a node's links, for autoDiscovery Unnumbered: one raw ICMPv6 socket per interface
// asked about, created inside the node's namespace and bound to that interface. On it the speaker
// hears the router advertisements FRR sends on an interface neighbor (bgpd has zebra send them,
// every 10 s by default) and keeps the link-local address of the last sender: that is the peer.
// It also sends its own RA (router lifetime 0) every RA_INTERVAL_MS, because FRR learns the
// node's address from RAs only (nd-packets.ts says why), and one router solicitation when it
// starts so the router answers at once instead of at its next periodic RA.
//
// Why a socket rather than the kernel's tables: a Kubernetes node forwards (it routes to its pods)
// and a forwarding Linux interface ignores RAs unless accept_ra is 2, so the kernel would only
// know the router after a sysctl the user has to remember; and the neighbour table, which does
// not need it, is netlink-only (no procfs file), one `ip` process per node per poll. The socket
// is read without blocking on the discovery poll that already runs every second: the kernel
// queues what arrives in between.
import { closeSync } from "node:fs";
import { endianness } from "node:os";
import { formatIp, fromBytes } from "../../net/index.js";
import {
  Linux,
  bindToDevice,
  icmpv6Socket,
  interfaceIndex,
  receiveFrom,
  sendTo,
  setBytesOption,
  setIntOption,
  sockaddrIn6,
} from "./libc.js";
import {
  ALL_NODES,
  ALL_ROUTERS,
  isRouterAdvertisement,
  onlyRouterAdvertisements,
  routerAdvertisement,
  routerSolicitation,
} from "./nd-packets.js";
import type { NetworkNamespace } from "./netns.js";

/** As often as FRR's default interval for interface neighbors: its neighbor entry stays fresh. */
export const RA_INTERVAL_MS = 10_000;

export interface LinkRouters {
  /** The link-local address of the router last heard on the interface; undefined before any. */
  routerOn(interfaceName: string): string | undefined;
  /** Closes every socket. */
  close(): void;
}

interface Link extends SendState {
  readonly fd: number;
  readonly index: number;
  router?: string;
  /** The last send error logged, so a link that stays down is said once. */
  lastError?: string;
}

/** What a link has sent: its solicitation, and when its last RA went out. */
export interface SendState {
  solicited: boolean;
  /** When the last RA was sent; undefined until one was. */
  advertisedAt?: number;
}

/**
 * What to send on this poll. A send that failed is tried again on the next poll, not at the next
 * interval: the first ones fail with EADDRNOTAVAIL while the interface's link-local address is
 * still tentative (duplicate address detection, ~1–2 s after the link comes up), and FRR, which
 * learns the node only from its RA, keeps the session's neighbor Idle — refusing the speaker's
 * connects — until one arrives (10 s later, before this: labs/cilium-bgp-unnumbered converged in
 * 14–17 s instead of 5).
 */
export function dueSends(state: SendState, now: number): { solicit: boolean; advertise: boolean } {
  return {
    solicit: !state.solicited,
    advertise: state.advertisedAt === undefined || now - state.advertisedAt >= RA_INTERVAL_MS,
  };
}

/** In `ns`, or in this process's own namespace when none is given. */
export function namespaceRouters(
  log: (line: string) => void,
  ns?: NetworkNamespace,
  now: () => number = Date.now,
): LinkRouters {
  const inside = <T>(f: () => T): T => (ns ? ns.run(f) : f());
  const links = new Map<string, Link>();
  const missing = new Set<string>();

  const send = (name: string, link: Link, data: Buffer, to: number[]): boolean => {
    try {
      sendTo(link.fd, data, sockaddrIn6(to, link.index));
      link.lastError = undefined;
      return true;
    } catch (err) {
      const message = (err as Error).message;
      if (link.lastError !== message) log(`unnumbered: sending on ${name}: ${message}; trying again`);
      link.lastError = message;
      return false;
    }
  };

  const sendDue = (name: string, link: Link): void => {
    const due = dueSends(link, now());
    if (due.solicit) link.solicited = send(name, link, routerSolicitation(), ALL_ROUTERS);
    if (due.advertise && send(name, link, routerAdvertisement(), ALL_NODES)) link.advertisedAt = now();
  };

  const open = (name: string): Link | undefined => {
    const fd = inside(icmpv6Socket);
    try {
      const index = inside(() => interfaceIndex(name));
      if (index === 0) {
        if (!missing.has(name)) log(`unnumbered: no interface ${name} in this namespace yet`);
        missing.add(name);
        closeSync(fd);
        return undefined;
      }
      missing.delete(name);
      bindToDevice(fd, name);
      setBytesOption(
        fd,
        Linux.IPPROTO_ICMPV6,
        Linux.ICMP6_FILTER,
        onlyRouterAdvertisements(endianness() === "LE"),
      );
      // RFC 4861 §6.1.2: receivers drop ND messages whose hop limit is not 255.
      setIntOption(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_HOPS, 255);
      setIntOption(fd, Linux.IPPROTO_IPV6, Linux.IPV6_UNICAST_HOPS, 255);
      // Our own RA must not come back to us as if a router had sent it.
      setIntOption(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_LOOP, 0);
      const link: Link = { fd, index, solicited: false };
      links.set(name, link);
      return link;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  };

  const failed = new Set<string>();
  const poll = (name: string): string | undefined => {
    const link = links.get(name) ?? open(name);
    if (!link) return undefined;
    for (let got = receiveFrom(link.fd); got; got = receiveFrom(link.fd)) {
      if (isRouterAdvertisement(got.data, got.from)) link.router = formatIp(fromBytes(got.from));
    }
    sendDue(name, link);
    return link.router;
  };

  return {
    routerOn(name) {
      // Runs from the discovery timer: a failure is said once and tried again next poll.
      try {
        const router = poll(name);
        failed.delete(name);
        return router;
      } catch (err) {
        if (!failed.has(name)) log(`unnumbered: listening for routers on ${name}: ${(err as Error).message}`);
        failed.add(name);
        return links.get(name)?.router;
      }
    },
    close() {
      for (const link of links.values()) closeSync(link.fd);
      links.clear();
    },
  };
}
