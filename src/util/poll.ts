// Waiting for something by looking again until it is as wanted: the one polling loop of fabric.
// Time is injected (a Clock) so unit tests run a whole wait, timeout included, without sleeping.
import type { FabricError } from "../errors.js";

export interface Clock {
  now(): number;
  /** With `signal`, ends early when it aborts (and a real timer is cleared, so it holds no exit). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

export interface PollOptions<T> {
  readonly clock?: Clock;
  readonly timeoutMs: number;
  /** The sleep between looks; or made from how long the last look took (a costly look, a longer sleep). */
  readonly intervalMs: number | ((lookMs: number) => number);
  /** One look. It may throw; whether that ends the wait is `read`'s to decide (catch inside). */
  readonly read: () => Promise<T>;
  readonly done: (value: T) => boolean;
}

/** How a wait ended: the last look, whether it was as wanted, and how long the wait took. */
export interface Polled<T> {
  readonly value: T;
  readonly done: boolean;
  /** From the start of the wait to the end of the last look. */
  readonly elapsedMs: number;
  readonly attempts: number;
}

/**
 * Looks until `done`, or until a look ends at or past the timeout; then returns the last look.
 * There is always at least one look, so a timeout of 0 means "look once".
 */
export async function pollUntil<T>(opts: PollOptions<T>): Promise<Polled<T>> {
  const clock = opts.clock ?? realClock;
  const start = clock.now();
  const interval = opts.intervalMs;
  for (let attempts = 1; ; attempts++) {
    const lookStart = clock.now();
    const value = await opts.read();
    const elapsedMs = clock.now() - start;
    const done = opts.done(value);
    if (done || elapsedMs >= opts.timeoutMs) return { value, done, elapsedMs, attempts };
    await clock.sleep(typeof interval === "number" ? interval : interval(clock.now() - lookStart));
  }
}

/** Reads until `done`; past the deadline, throws what `timedOut` makes of the last reading. */
export async function poll<T>(
  clock: Clock,
  timeoutMs: number,
  intervalMs: number,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timedOut: (last: T) => FabricError,
): Promise<T> {
  const polled = await pollUntil({ clock, timeoutMs, intervalMs, read, done });
  if (!polled.done) throw timedOut(polled.value);
  return polled.value;
}
