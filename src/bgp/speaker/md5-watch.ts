// Keeps md5-diagnosis.ts's reasons current for one speaker: samples the namespace's TCP-MD5
// counters while some session is not Established (every SAMPLE_MS, and when asked), remembers
// per peer the counters at its last Established (or at start), and logs a reason when it changes.
import type { TimerHandle, TimerScheduler } from "../fsm/index.js";
import type { Md5Counters } from "./md5-counters.js";
import { md5Delta, md5Reason, type Md5PeerView } from "./md5-diagnosis.js";

/** Often enough to name a mismatch within one of the peer's connect retries. */
export const SAMPLE_MS = 5_000;

export interface Md5WatchDeps {
  readonly scheduler: TimerScheduler;
  readonly counters: () => Md5Counters | undefined;
  readonly peers: () => readonly Md5PeerView[];
  readonly log: (line: string) => void;
}

export class Md5Watch {
  private readonly baselines = new Map<string, Md5Counters>();
  private readonly reasons = new Map<string, string>();
  /** When each peer was first seen not Established (for the no-answer reason's grace). */
  private readonly downSince = new Map<string, number>();
  private timer: TimerHandle | undefined;

  constructor(private readonly deps: Md5WatchDeps) {}

  start(): void {
    this.sample();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The reason for this peer's session not coming up, as of the latest sample. */
  reason(address: string): string | undefined {
    return this.reasons.get(address);
  }

  sample(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const peers = this.deps.peers();
    const waiting = peers.some((p) => !p.established);
    // Nothing is read while every session is up: a healthy node costs a timer, not a /proc read.
    const now = waiting ? this.deps.counters() : undefined;
    const seen = new Set<string>();
    for (const p of peers) {
      seen.add(p.address);
      if (p.established || !now) {
        // Counted afresh from the next sample after it goes down: old drops were explained.
        if (now) this.baselines.set(p.address, now);
        else this.baselines.delete(p.address);
        this.downSince.delete(p.address);
        this.reasons.delete(p.address);
        continue;
      }
      const base = this.baselines.get(p.address);
      if (!base) this.baselines.set(p.address, now);
      const at = this.deps.scheduler.now();
      const since = this.downSince.get(p.address) ?? at;
      this.downSince.set(p.address, since);
      const delta = base && md5Delta(now, base);
      const counted = delta !== undefined && delta.notFound + delta.unexpected + delta.failure > 0;
      // Nothing counted yet: a connect that has not had a moment to complete is no finding.
      const reason = counted || at - since >= SAMPLE_MS ? md5Reason(p, delta) : undefined;
      if (reason === this.reasons.get(p.address)) continue;
      if (reason === undefined) this.reasons.delete(p.address);
      else {
        this.reasons.set(p.address, reason);
        this.deps.log(`peer ${p.address}: session not established: ${reason}`);
      }
    }
    for (const a of [...this.baselines.keys()]) if (!seen.has(a)) this.baselines.delete(a);
    for (const a of [...this.reasons.keys()]) if (!seen.has(a)) this.reasons.delete(a);
    for (const a of [...this.downSince.keys()]) if (!seen.has(a)) this.downSince.delete(a);
    this.timer = this.deps.scheduler.schedule(SAMPLE_MS, () => this.sample());
  }
}
