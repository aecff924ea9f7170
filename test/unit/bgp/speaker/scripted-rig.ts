// The rig for tests against a scripted peer over ::1: one Speaker on a FakeClock (only the test
// moves time) with one peer, the scripted one, which it connects to and also accepts from.
import type { InboundPolicy, InstanceConfig, PeerConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { Capability } from "../../../../src/bgp/model.js";
import { FakeClock } from "../../../../src/bgp/fsm/index.js";
import type { AddressSource } from "../../../../src/bgp/speaker/index.js";
import { MemoryLogger, Speaker } from "../../../../src/bgp/speaker/index.js";
import type { ReceivedMessage, ReceivedUpdate } from "../../../../src/bgp/wire/index.js";
import { peer, podCidr } from "./helpers.js";
import type { ScriptedConnection } from "../../../support/scripted-bgp-peer.js";
import { ScriptedPeer, establish, is } from "../../../support/scripted-bgp-peer.js";

export const PEER_ASN = 65002;

/** Keep the scripted peer's routes (the opt-in beyond Cilium), for tests that look at them. */
export const IMPORT: InboundPolicy = { mode: "import", maxPrefixes: 1000 };

export interface Rig {
  readonly speaker: Speaker;
  readonly clock: FakeClock;
  readonly log: MemoryLogger;
  readonly scripted: ScriptedPeer;
  readonly instance: InstanceConfig;
}

const rigs: Rig[] = [];

/** For afterEach: stop every rig, printing the speaker's log when the test failed. */
export async function stopRigs(failed: boolean): Promise<void> {
  for (const r of rigs.splice(0)) {
    if (failed) console.log(r.log.lines.join("\n"));
    await r.speaker.shutdown();
    await r.scripted.close();
  }
}

export async function rig(
  opts: {
    routerId?: string;
    families?: PeerConfig["families"];
    addresses?: AddressSource;
    /** Cilium's default (routes counted, not kept) unless a test imports them. */
    inbound?: InboundPolicy;
  } = {},
): Promise<Rig> {
  const scripted = await ScriptedPeer.listen();
  const instance: InstanceConfig = {
    name: "i",
    localASN: 65001,
    routerId: opts.routerId ?? "10.0.0.1",
    // 0: listen on a port the system picks, so the scripted peer can connect to us too.
    localPort: 0,
    peers: [
      peer({
        name: "scripted",
        address: "::1",
        peerASN: PEER_ASN,
        peerPort: scripted.port,
        localAddress: "::1",
        ...(opts.inbound ? { inbound: opts.inbound } : {}),
        families: opts.families ?? [
          { afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.1.0/24"], ["65000:99"])] },
          { afi: "ipv6", safi: "unicast", advertisements: [podCidr(["fd01:1::/64"])] },
        ],
      }),
    ],
  };
  const clock = new FakeClock(1_000_000);
  const log = new MemoryLogger();
  const speaker = new Speaker(
    { node: "node-a", instances: [instance] },
    { log, scheduler: clock, addresses: opts.addresses ?? (() => []), random: () => 0 },
  );
  await speaker.start();
  const r = { speaker, clock, log, scripted, instance };
  rigs.push(r);
  return r;
}

export const isUpdate = is("update");
/** An End-of-RIB marker (RFC 4724 §2) for the family. */
export const endOfRib =
  (afi: number) =>
  (m: ReceivedMessage): m is ReceivedUpdate =>
    m.type === "update" && m.endOfRib?.afi === afi;

export function prefixesOf(updates: readonly ReceivedUpdate[]): string[] {
  return updates.flatMap((u) => u.announced.map((r) => `${r.prefix.address}/${r.prefix.length}`)).sort();
}

/** Established, with the speaker's initial table and both End-of-RIBs read. */
export async function established(r: Rig, extra: readonly Capability[] = []): Promise<ScriptedConnection> {
  const conn = await r.scripted.accepted(0);
  await establish(conn, { asn: PEER_ASN, bgpId: "10.0.0.2", extra });
  await conn.next("End-of-RIB IPv4", endOfRib(1));
  await conn.next("End-of-RIB IPv6", endOfRib(2));
  return conn;
}

export function announce(conn: ScriptedConnection, prefixes: string[], nextHop = "192.0.2.1"): void {
  const v6 = prefixes[0]?.includes(":") ?? false;
  const parsed = prefixes.map((p) => {
    const [address = "", length = "0"] = p.split("/");
    return { afi: v6 ? ("ipv6" as const) : ("ipv4" as const), address, length: Number(length) };
  });
  const attributes = {
    origin: 0 as const,
    asPath: [{ type: 2 as const, asns: [PEER_ASN] }],
    atomicAggregate: false,
    communities: [],
    largeCommunities: [],
    unknown: [],
  };
  conn.send(
    v6
      ? {
          type: "update",
          withdrawnRoutes: [],
          attributes,
          nlri: [],
          mpReach: { afi: 2, safi: 1, nextHop, prefixes: parsed },
        }
      : { type: "update", withdrawnRoutes: [], attributes: { ...attributes, nextHop }, nlri: parsed },
  );
}

export const learned = (r: Rig) =>
  r.speaker
    .routeRows("available")
    .filter((x) => x.from === "::1")
    .map((x) => ({ prefix: x.prefix, stale: x.stale }))
    .sort((a, b) => a.prefix.localeCompare(b.prefix));

export const state = (r: Rig) => r.speaker.peerRows()[0]?.state;

/** An UPDATE with these attributes and no NLRI is the IPv4 End-of-RIB (RFC 4724 §2). */
export const emptyAttributes = {
  asPath: [],
  atomicAggregate: false,
  communities: [],
  largeCommunities: [],
  unknown: [],
};

export function iface(interfaceName: string) {
  return {
    type: "Interface" as const,
    interfaceName,
    attributes: { standardCommunities: [], largeCommunities: [] },
  };
}
