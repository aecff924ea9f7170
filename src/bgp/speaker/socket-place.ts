// Where a speaker's sockets live: the network namespace they are created in, and the TTL they
// send with. One implementation for the standalone speaker (this process's namespace) and for
// every instance of a speaker host (a node's namespace, entered around each socket creation).
//
// Why the speaker creates the file descriptor itself: with a literal IP, net.connect creates
// its socket on the next tick (internalConnect runs from process.nextTick), long after a setns
// around the call has been undone, so the socket would land in the host's namespace (a test
// shows it). socket(2) inside NetworkNamespace.run is one synchronous call, the TTL is set
// before the SYN leaves, and net.Socket({ fd }).connect() then binds and connects that socket.
// server.listen({ port }) without a host creates, binds and listens synchronously (Node's
// listenInCluster in the primary); with a host it would resolve it first, asynchronously.
import { closeSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import type { PeerConfig } from "../config/speaker-config.js";
import type { SocketPlace } from "../session/index.js";
import { bindToDevice, setMd5Key, setTtl, tcpSocket } from "./libc.js";
import type { AddressSource } from "./local-addresses.js";
import { readAddresses } from "./local-addresses.js";
import type { NetworkNamespace } from "./netns.js";
import { readMd5Counters, type Md5Counters } from "./md5-counters.js";

export interface SpeakerSockets extends SocketPlace {
  /** Listen on every address of the namespace, both families, on this port. */
  listen(server: net.Server, port: number): void;
  /** The TTL of an accepted socket (the session's ebgpMultihop). */
  setTtl(socket: net.Socket, ttl: number): void;
  /**
   * Sets (or, with "", removes) the TCP-MD5 key for one peer address on a listening socket:
   * connections it accepts inherit it, and its SYNs are checked against it.
   */
  setListenerKey(server: net.Server, peer: string, key: string): void;
  /** The namespace's TCP-MD5 counters (/proc/net/netstat), undefined when unreadable. */
  md5Counters(): Md5Counters | undefined;
  /** The namespace's interface addresses. */
  readonly addresses: AddressSource;
  /** False where TTLs cannot be set (the warning at start says so). */
  readonly setsTtl: boolean;
}

/** The file descriptor under a listening or connected socket (libuv's handle). */
function handleFd(s: net.Server | net.Socket): number | undefined {
  const fd = (s as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return fd === undefined || fd < 0 ? undefined : fd;
}

const familyOf = (address: string): 4 | 6 => (net.isIPv6(address) ? 6 : 4);

/** In `ns`, or in this process's own namespace when none is given. */
export function namespaceSockets(ns?: NetworkNamespace): SpeakerSockets {
  const inside = <T>(f: () => T): T => (ns ? ns.run(f) : f());
  return {
    setsTtl: true,
    connect(peer: PeerConfig, ttl: number | undefined): net.Socket {
      const family = familyOf(peer.address);
      const fd = inside(() => tcpSocket(family));
      try {
        if (ttl !== undefined) setTtl(fd, family, ttl);
        // A link-local peer (unnumbered): its address carries no scope here, the bound device is it.
        if (peer.interface !== undefined) bindToDevice(fd, peer.interface);
        // Before connect(): the SYN is the first segment that must be signed.
        if (peer.password !== undefined) setMd5Key(fd, family, peer.address, peer.password);
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      // manualStart: reading starts once connected (afterConnect), not on an unconnected fd.
      const socket = new net.Socket({ fd, manualStart: true } as net.SocketConstructorOpts);
      return socket.connect({
        host: peer.address,
        port: peer.peerPort,
        ...(peer.localAddress ? { localAddress: peer.localAddress } : {}),
      });
    },
    listen(server, port) {
      // Errors (EADDRINUSE …) are emitted on the server on the next tick, as for any listen.
      inside(() => server.listen({ port, ipv6Only: false }));
    },
    setListenerKey(server, peer, key) {
      const fd = handleFd(server);
      // A dual-stack (IPv6) listener keys IPv4 peers by their mapped address; a namespace without
      // IPv6 gets an IPv4 listener, which takes IPv4 keys only.
      const address = server.address();
      const family = typeof address === "object" && address?.family === "IPv4" ? 4 : 6;
      if (fd === undefined || (family === 4 && familyOf(peer) === 6)) return;
      setMd5Key(fd, family, peer, key);
    },
    md5Counters: () => inside(readMd5Counters),
    setTtl(socket, ttl) {
      const fd = handleFd(socket);
      if (fd === undefined) return;
      // A dual-stack listener's IPv4 peers arrive as ::ffff:a.b.c.d; IP_TTL governs those.
      setTtl(fd, (socket.localAddress ?? "").includes(".") ? 4 : 6, ttl);
    },
    addresses: () => inside(() => readAddresses(os.networkInterfaces())),
  };
}
