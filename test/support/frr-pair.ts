// One speaker process facing one FRR across a fresh NetPair, as the speaker's FRR tests set it up
// per test; `release()` (for afterEach) tears down whatever was started, even half of it.
import type { SpeakerConfig } from "../../src/bgp/config/speaker-config.js";
import type { NetPair } from "./bgp-peers.js";
import { FrrPeer, SpeakerProcess, createPair, destroyPair } from "./bgp-peers.js";

export interface FrrPairParts {
  readonly p: NetPair;
  readonly f: FrrPeer;
  readonly s: SpeakerProcess;
  /** Date.now() just before the speaker was started: the base of a start-to-Established time. */
  readonly startedAt: number;
}

export interface FrrPairSetup {
  /** Name prefix of the pair's namespaces. */
  readonly prefix?: string;
  readonly frrConf: (p: NetPair) => string;
  readonly speaker: (p: NetPair) => SpeakerConfig;
  /** Runs in the pair before FRR starts (e.g. routes FRR's `network` statements need). */
  readonly prepare?: (p: NetPair) => Promise<void>;
}

export class FrrPair {
  private pair: NetPair | undefined;
  private frr: FrrPeer | undefined;
  private speaker: SpeakerProcess | undefined;

  /** The pair, FRR started in its peer namespace, and the speaker started (not yet Established). */
  async start(setup: FrrPairSetup): Promise<FrrPairParts> {
    const p = (this.pair = await createPair(setup.prefix));
    await setup.prepare?.(p);
    const f = (this.frr = new FrrPeer(p, setup.frrConf(p)));
    await f.start();
    const s = (this.speaker = new SpeakerProcess(p, setup.speaker(p)));
    const startedAt = Date.now();
    s.start();
    return { p, f, s, startedAt };
  }

  async release(): Promise<void> {
    await this.speaker?.stop();
    this.frr?.stop();
    if (this.pair) await destroyPair(this.pair);
    this.speaker = this.frr = this.pair = undefined;
  }
}

/**
 * FRR's `router bgp` with the speaker (AS 65001 at the pair's near end) as its one neighbor, eBGP
 * policy off and the given timers; a test appends what else it needs (address families, password).
 */
export function frrNeighborConf(
  p: NetPair,
  o: { asn?: number; keepalive?: number; hold?: number } = {},
): string {
  return `router bgp ${o.asn ?? 65010}
 bgp router-id ${p.peerV4}
 no bgp ebgp-requires-policy
 neighbor ${p.speakerV4} remote-as 65001
 neighbor ${p.speakerV4} timers ${o.keepalive ?? 1} ${o.hold ?? 3}
 neighbor ${p.speakerV4} timers connect 1
`;
}
