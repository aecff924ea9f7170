// Status looks shared between checks. A generated 1,024-node lab has 2,000-odd bgp-session checks
// and 4,096 bgp-prefix checks; asked one by one, that was one vtysh (a process, and bgpd's answer)
// per check — 37 s for the 256 prefix checks of a 64-node lab — and one control-socket round trip
// per speaker. A look at a router's summary or table, or at the lab's speakers, answers every
// check about them, so it is taken once and shared by the checks that follow, until:
// - a check finds something not yet as expected: its retry, and every check after it, look again
//   (so a converging lab is never judged on an old look);
// - the look is older than MAX_AGE_MS (a long run never compares against a stale view);
// - a new run of checks starts (a scenario's fault happened since).
import type { BgpPath } from "../nodes/frr-json.js";
import type { Clock } from "../util/poll.js";
import type { SpeakerPeersOfLab } from "./probe.js";

export const MAX_AGE_MS = 10_000;

interface Look {
  readonly at: number;
  readonly value: Promise<unknown>;
}

export class StatusLooks {
  private readonly looks = new Map<string, Look>();

  constructor(
    private readonly clock: Clock,
    private readonly maxAgeMs: number = MAX_AGE_MS,
  ) {}

  /** The router's `show bgp summary json`, from the current look or a new one. */
  frrSummary(node: string, load: () => Promise<string>): Promise<string> {
    return this.shared(`frr-summary:${node}`, load);
  }

  /** The router's whole BGP table of one family, read once per look (parsing it is not free either). */
  frrTable(
    node: string,
    afi: string,
    load: () => Promise<ReadonlyMap<string, BgpPath>>,
  ): Promise<ReadonlyMap<string, BgpPath>> {
    return this.shared(`frr-table:${node}:${afi}`, load);
  }

  /** Every speaker's peers, from the current look or a new one. */
  speakerPeers(load: () => Promise<SpeakerPeersOfLab>): Promise<SpeakerPeersOfLab> {
    return this.shared("speaker-peers", load);
  }

  /** The next question about anything is asked afresh. */
  forget(): void {
    this.looks.clear();
  }

  private shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const look = this.looks.get(key);
    if (look && now - look.at < this.maxAgeMs) return look.value as Promise<T>;
    const value = load();
    this.looks.set(key, { at: now, value });
    // A failed look is not kept: the next question asks again.
    value.catch(() => {
      if (this.looks.get(key)?.value === value) this.looks.delete(key);
    });
    return value;
  }
}
