// Waiting on a cluster by reading it again until it is as wanted, with time injected so unit
// tests run the whole wait (and its timeout) without sleeping.
import type { FabricError } from "../errors.js";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Reads until `done`; past the deadline, throws what `timedOut` makes of the last reading. */
export async function poll<T>(
  clock: Clock,
  timeoutMs: number,
  intervalMs: number,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timedOut: (last: T) => FabricError,
): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (clock.now() >= deadline) throw timedOut(value);
    await clock.sleep(intervalMs);
  }
}
