// How long the supervisor waits before starting a crashed speaker host again: like a kubelet's
// CrashLoopBackOff, doubling per consecutive crash, capped, and forgiven once the host has run
// long enough to count as healthy. The first restart is quick because BGP peers are waiting:
// without graceful restart every second the host is down is a second its routes are withdrawn.
export const BACKOFF = {
  firstMs: 500,
  maxMs: 30_000,
  /** A run at least this long resets the count: the crash is not a crash loop. */
  healthyRunMs: 60_000,
} as const;

/** Crashes in a row so far, counting the one that just happened, given how long it ran. */
export function consecutiveCrashes(previous: number, ranMs: number): number {
  return ranMs >= BACKOFF.healthyRunMs ? 1 : previous + 1;
}

/** The wait before the restart that follows the `crashes`-th consecutive crash (1-based). */
export function restartDelayMs(crashes: number): number {
  if (!Number.isInteger(crashes) || crashes < 1) return BACKOFF.firstMs;
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.min(crashes - 1, 30));
}
