// Pieces of the speaker host's integration tests: a node's speaker configuration facing the peer
// of a NetPair, the instance spec the host is given for it, and FRR's view of that session.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { InboundPolicy, SpeakerConfig } from "../../src/bgp/config/speaker-config.js";
import type { InstanceSpec } from "../../src/bgp/speaker/host/protocol.js";
import type { FrrPeer, NetPair } from "./bgp-peers.js";
import { frrNeighborConf } from "./frr-pair.js";

/** AS 65001 (the node) to AS 65010 (the peer at the pair's far end), advertising `podCidr`. */
export function speakerConfig(
  p: NetPair,
  node: string,
  podCidr: string,
  ebgpMultihop: number,
  inbound?: InboundPolicy,
): SpeakerConfig {
  return {
    node,
    instances: [
      {
        name: "i",
        localASN: 65001,
        routerId: p.speakerV4,
        peers: [
          {
            name: "tor",
            address: p.peerV4,
            peerASN: 65010,
            peerPort: 179,
            timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
            ebgpMultihop,
            ...(inbound ? { inbound } : {}),
            families: [
              {
                afi: "ipv4",
                safi: "unicast",
                advertisements: [
                  {
                    type: "PodCIDR",
                    prefixes: [podCidr],
                    attributes: { standardCommunities: [], largeCommunities: [] },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

/** FRR's side of speakerConfig's session, with the same short timers. */
export const frrConf = (p: NetPair): string => frrNeighborConf(p);

/** The config file written under `dir`, and the instance the host runs from it in the pair's namespace. */
export function instanceSpec(dir: string, p: NetPair, node: string, config: SpeakerConfig): InstanceSpec {
  const file = path.join(dir, `${node}.json`);
  writeFileSync(file, JSON.stringify({ version: 1, speaker: config }));
  return {
    name: node,
    config: file,
    netns: `/run/netns/${p.speakerNs}`,
    control: path.join(dir, `${node}.sock`),
    log: path.join(dir, `${node}.log`),
  };
}

export async function frrHas(f: FrrPeer, prefix: string): Promise<boolean> {
  const out = await f.vtysh(`show bgp ipv4 unicast ${prefix} json`);
  return Object.keys(JSON.parse(out) as object).includes("paths");
}

/** FRR's state of its session with the pair's speaker, and how many times it was Established. */
export async function frrSession(f: FrrPeer, p: NetPair): Promise<{ state: string; established: number }> {
  const out = JSON.parse(await f.vtysh(`show bgp neighbors ${p.speakerV4} json`)) as Record<
    string,
    { bgpState?: string; connectionsEstablished?: number }
  >;
  const n = out[p.speakerV4];
  return { state: n?.bgpState ?? "", established: n?.connectionsEstablished ?? 0 };
}
