// A concurrency limit (p-limit's idea, in a few lines): at most `max` tasks run at once, the rest
// wait their turn in the order they asked. Deploy starts work for every node at once; without a
// limit, a 64-node lab had hundreds of child processes (each with its pipes) in flight and ran out
// of file descriptors (EMFILE), while two cores could only have run a few of them anyway.
import { availableParallelism } from "node:os";

export interface Limiter {
  /** Runs `task` once a slot is free; the slot is freed however the task ends. */
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

export function limiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limit needs a whole number ≥ 1, not ${max}`);
  const waiting: (() => void)[] = [];
  let active = 0;

  const release = () => {
    const next = waiting.shift();
    // Hand the slot straight to the next task, so `active` never dips and lets a newcomer jump the queue.
    if (next) next();
    else active--;
  };

  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };

  return Object.defineProperties(run, {
    active: { get: () => active },
    pending: { get: () => waiting.length },
  }) as Limiter;
}

/** `Promise.all(items.map(fn))` with at most `max` calls of fn in flight. Results keep input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  max: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = limiter(max);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

/**
 * How many short child processes (ip, nsenter, mount …) to keep in flight. Each spends most of its
 * life in the kernel or exec, not on a core, so a few per core keep both cores busy; many more only
 * queue in the scheduler and hold file descriptors. Measured on the 2-core machine: see the commit.
 */
export function defaultProcessLimit(cores: number = availableParallelism()): number {
  return Math.max(4, cores * 4);
}
