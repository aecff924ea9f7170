// Why the speaker creates its sockets itself: with a literal IP, net.connect creates the socket
// on a later tick, after a setns around the call has been undone (so it would land in the host's
// namespace); socket(2) inside NetworkNamespace.run is synchronous and gets the TTL before the
// SYN. server.listen({ port }) without a host is synchronous, so it can stay Node's. Nothing here
// sends a packet out of the host: the deferred socket is destroyed before it exists.
import { execa } from "execa";
import net from "node:net";
import { readdirSync, readlinkSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerConfig } from "../../../src/bgp/config/speaker-config.js";
import { getTtl } from "../../../src/bgp/speaker/libc.js";
import { NetworkNamespace } from "../../../src/bgp/speaker/netns.js";
import { namespaceSockets } from "../../../src/bgp/speaker/socket-place.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { createPair, destroyPair } from "../../support/bgp-peers.js";

let pair: NetPair;
let ns: NetworkNamespace;
let home: string;

const fdOf = (s: net.Socket | net.Server): number =>
  (s as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;

describe("creating sockets inside a network namespace", () => {
  beforeAll(async () => {
    home = readlinkSync("/proc/thread-self/ns/net");
    pair = await createPair("sh-ns");
    ns = NetworkNamespace.open(`/run/netns/${pair.speakerNs}`);
  });
  afterAll(async () => {
    ns.close();
    await destroyPair(pair);
  });

  it("net.connect to a literal IP has no socket yet when a setns around it is undone", () => {
    const socket = ns.run(() => net.connect({ host: pair.peerV4, port: 179 }));
    expect(fdOf(socket)).toBe(-1);
    socket.destroy();
  });

  it("the speaker's own connect has its socket at once, with the TTL set, and the thread is back home", async () => {
    const peer = { address: pair.peerV4, peerPort: 1, ebgpMultihop: 3 } as PeerConfig;
    const socket = namespaceSockets(ns).connect(peer, 3);
    const fd = fdOf(socket);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(getTtl(fd, 4)).toBe(3);
    // Port 1 on the peer's side of the veth refuses: the SYN went over the namespace's veth.
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => socket.once("error", resolve));
    expect(error.code).toBe("ECONNREFUSED");
    expect(readlinkSync("/proc/thread-self/ns/net")).toBe(home);
  });

  it("listen({ port }) inside run listens in the namespace", async () => {
    const server = net.createServer();
    namespaceSockets(ns).listen(server, 17900);
    expect(fdOf(server)).toBeGreaterThanOrEqual(0);
    await new Promise((r) => server.once("listening", r));
    const { stdout } = await execa("ip", ["netns", "exec", pair.speakerNs, "ss", "-Hltn", "sport = :17900"]);
    expect(stdout).toContain("17900");
    await new Promise((r) => server.close(r));
  });
});

describe("a namespace held by path, not by descriptor", () => {
  const name = `fd-seam-${process.pid}`;
  const openFds = (): number => readdirSync("/proc/self/fd").length;
  afterAll(async () => {
    await execa("ip", ["netns", "del", name], { reject: false });
  });

  it("holds no descriptor between sockets, and refuses a path that now names another namespace", async () => {
    await execa("ip", ["netns", "add", name]);
    const before = openFds();
    const ns = NetworkNamespace.open(`/run/netns/${name}`);
    expect(ns.run(() => readlinkSync("/proc/thread-self/ns/net"))).not.toBe(
      readlinkSync("/proc/self/ns/net"),
    );
    expect(openFds()).toBe(before);
    // The same name, a new namespace (a node deleted and created again): entering it would put
    // the old node's sockets in the new one.
    await execa("ip", ["netns", "del", name]);
    await execa("ip", ["netns", "add", name]);
    expect(() => ns.run(() => undefined)).toThrow(
      expect.objectContaining({ code: "netns-changed" }) as Error,
    );
    ns.close();
    expect(() => ns.run(() => undefined)).toThrow(expect.objectContaining({ code: "netns-closed" }) as Error);
  });
});
