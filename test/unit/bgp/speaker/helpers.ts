// Two in-process speakers on loopback addresses, each with its own FakeClock so a test
// decides when keepalives and hold timers fire.
import type { InstanceConfig, PeerConfig, SpeakerConfig } from "../../../../src/bgp/config/speaker-config.js";
import { FakeClock } from "../../../../src/bgp/fsm/index.js";
import { MemoryLogger, Speaker } from "../../../../src/bgp/speaker/index.js";

export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

export function peer(
  overrides: Partial<PeerConfig> & Pick<PeerConfig, "address" | "peerASN" | "peerPort">,
): PeerConfig {
  return {
    name: `peer-${overrides.address}`,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
    ebgpMultihop: 1,
    families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
    ...overrides,
  };
}

export function podCidr(prefixes: string[], communities: string[] = [], localPreference?: number) {
  return {
    type: "PodCIDR" as const,
    prefixes,
    attributes: {
      standardCommunities: communities,
      largeCommunities: [],
      ...(localPreference === undefined ? {} : { localPreference }),
    },
  };
}

export function speakerConfig(node: string, instance: InstanceConfig): SpeakerConfig {
  return { node, instances: [instance] };
}

export interface Running {
  readonly speaker: Speaker;
  readonly clock: FakeClock;
  readonly log: MemoryLogger;
}

export async function startSpeaker(config: SpeakerConfig): Promise<Running> {
  const clock = new FakeClock(1_000_000);
  const log = new MemoryLogger();
  const speaker = new Speaker(config, {
    log,
    scheduler: clock,
    addresses: () => [],
    random: () => 0,
  });
  await speaker.start();
  return { speaker, clock, log };
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 4000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function stateOf(r: Running, peerAddress: string): string | undefined {
  return r.speaker.peerRows().find((p) => p.peerAddress === peerAddress)?.state;
}
