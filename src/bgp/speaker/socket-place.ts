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
import { setTtl, tcpSocket } from "./libc.js";
import type { AddressSource } from "./local-addresses.js";
import { readAddresses } from "./local-addresses.js";
import type { NetworkNamespace } from "./netns.js";

export interface SpeakerSockets extends SocketPlace {
  /** Listen on every address of the namespace, both families, on this port. */
  listen(server: net.Server, port: number): void;
  /** The TTL of an accepted socket (the session's ebgpMultihop). */
  setTtl(socket: net.Socket, ttl: number): void;
  /** The namespace's interface addresses. */
  readonly addresses: AddressSource;
  /** False where TTLs cannot be set (the warning at start says so). */
  readonly setsTtl: boolean;
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
    setTtl(socket, ttl) {
      const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (fd === undefined || fd < 0) return;
      // A dual-stack listener's IPv4 peers arrive as ::ffff:a.b.c.d; IP_TTL governs those.
      setTtl(fd, (socket.localAddress ?? "").includes(".") ? 4 : 6, ttl);
    },
    addresses: () => inside(() => readAddresses(os.networkInterfaces())),
  };
}
