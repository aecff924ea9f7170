// A BGP peer that does only what a test tells it: node:net sockets, messages encoded with the
// codec (or raw bytes from the dumb builder), everything it receives decoded and kept in order.
// It lets a test send exactly the bytes it needs (a malformed UPDATE, a second connection at
// the worst moment) and read exactly what the speaker answered.
import net from "node:net";
import type { Capability, Prefix } from "../../src/bgp/model.js";
import type { BgpMessage, ReceivedMessage } from "../../src/bgp/wire/index.js";
import { Framer, MODERN_CONTEXT, decodeMessage, encodeMessage } from "../../src/bgp/wire/index.js";

export class ScriptedConnection {
  readonly received: ReceivedMessage[] = [];
  closed = false;
  private cursor = 0;
  private readonly framer = new Framer();

  constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      // The speaker negotiates 4-octet AS with us, so its UPDATEs are read that way.
      for (const f of this.framer.push(chunk)) this.received.push(decodeMessage(f, MODERN_CONTEXT));
    });
    socket.on("error", () => undefined);
    socket.on("close", () => (this.closed = true));
  }

  send(message: BgpMessage): void {
    this.socket.write(encodeMessage(message, MODERN_CONTEXT));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /**
   * The next received message (after the ones already taken) that matches; the messages
   * skipped on the way are taken too, so successive calls check order.
   */
  async next<T extends ReceivedMessage>(
    what: string,
    match: (m: ReceivedMessage) => m is T,
    timeoutMs = 4000,
  ): Promise<T> {
    let found: T | undefined;
    await waitFor(
      what,
      () => {
        for (let i = this.cursor; i < this.received.length; i++) {
          const m = this.received[i];
          if (m && match(m)) {
            found = m;
            this.cursor = i + 1;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
    );
    return found as T;
  }

  /** Messages received and not taken yet. */
  rest(): ReceivedMessage[] {
    return this.received.slice(this.cursor);
  }

  /** A TCP failure as the speaker sees it when the peer's process dies: RST, no NOTIFICATION. */
  reset(): void {
    this.socket.resetAndDestroy();
  }
}

export const is =
  <K extends ReceivedMessage["type"]>(type: K) =>
  (m: ReceivedMessage): m is Extract<ReceivedMessage, { type: K }> =>
    m.type === type;

export interface ScriptedOpen {
  readonly asn: number;
  readonly bgpId: string;
  readonly extra?: readonly Capability[];
  /** 0 (the default): no keepalives, no hold timer; tests move time themselves. */
  readonly holdTime?: number;
}

/** The OPEN FRR would send for IPv4+IPv6 over IPv6 (with extended next hop), plus `extra`. */
export function openFor(o: ScriptedOpen): BgpMessage {
  return {
    type: "open",
    version: 4,
    myAs: o.asn > 0xffff ? 23456 : o.asn,
    // Hold time 0: no keepalives, no hold timer (RFC 4271 §4.2); tests move time themselves.
    holdTime: o.holdTime ?? 0,
    bgpId: o.bgpId,
    capabilities: [
      { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
      { type: "multiprotocol", afiSafi: { afi: 2, safi: 1 } },
      { type: "route-refresh" },
      { type: "four-octet-as", asn: o.asn },
      { type: "extended-next-hop", entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
      ...(o.extra ?? []),
    ],
  };
}

/** Listens on ::1 (or `host`) for the speaker's connections; can also connect to the speaker. */
export class ScriptedPeer {
  readonly connections: ScriptedConnection[] = [];
  private constructor(private readonly server: net.Server) {}

  static async listen(host = "::1"): Promise<ScriptedPeer> {
    return ScriptedPeer.on({ host, port: 0 });
  }

  /**
   * On a Unix socket: a peer in another network namespace, reached through a relay there
   * (test/support/netns-relay.ts), since a path crosses namespaces and a TCP port does not.
   */
  static async listenUnix(socketPath: string): Promise<ScriptedPeer> {
    return ScriptedPeer.on({ path: socketPath });
  }

  private static async on(options: net.ListenOptions): Promise<ScriptedPeer> {
    const server = net.createServer();
    const peer = new ScriptedPeer(server);
    server.on("connection", (s) => peer.connections.push(new ScriptedConnection(s)));
    await new Promise<void>((resolve) => server.listen(options, resolve));
    return peer;
  }

  get port(): number {
    const a = this.server.address();
    if (!a || typeof a !== "object") throw new Error("not listening");
    return a.port;
  }

  /** The n-th connection the speaker opened to us (0-based), once it exists. */
  async accepted(n: number, timeoutMs = 4000): Promise<ScriptedConnection> {
    await waitFor(`the speaker's connection #${n + 1}`, () => this.connections.length > n, timeoutMs);
    return this.connections[n] as ScriptedConnection;
  }

  async connect(port: number): Promise<ScriptedConnection> {
    const socket = net.connect({ host: "::1", port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new ScriptedConnection(socket);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** OPEN both ways, then KEEPALIVE both ways: the session is Established on both ends. */
export async function establish(conn: ScriptedConnection, open: ScriptedOpen): Promise<void> {
  await conn.next("the speaker's OPEN", is("open"));
  conn.send(openFor(open));
  await conn.next("the speaker's KEEPALIVE", is("keepalive"));
  conn.send({ type: "keepalive" });
}

/** Poll `cond` every 10 ms until it holds, or fail naming `what`. */
async function waitFor(what: string, cond: () => boolean, timeoutMs = 4000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * `count` distinct /24s (from 11.0.0.0 up) from AS 65002, as UPDATEs of `perUpdate` prefixes:
 * 1,000 /24s (4 octets each) keep an UPDATE under BGP's 4,096 octets.
 */
export function floodUpdates(count: number, perUpdate = 1000): Buffer[] {
  const attributes = {
    origin: 0 as const,
    asPath: [{ type: 2 as const, asns: [65002] }],
    nextHop: "192.0.2.1",
    atomicAggregate: false,
    communities: [],
    largeCommunities: [],
    unknown: [],
  };
  const out: Buffer[] = [];
  for (let i = 0; i < count; i += perUpdate) {
    const nlri: Prefix[] = [];
    for (let j = i; j < Math.min(i + perUpdate, count); j++)
      nlri.push({ afi: "ipv4", address: `${11 + (j >> 16)}.${(j >> 8) & 255}.${j & 255}.0`, length: 24 });
    const m: BgpMessage = { type: "update", withdrawnRoutes: [], attributes, nlri };
    out.push(Buffer.from(encodeMessage(m, MODERN_CONTEXT)));
  }
  return out;
}
