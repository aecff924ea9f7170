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

export interface LimiterOptions {
  /** Asked when a task must wait: an urgent one waits only behind other urgent ones. */
  readonly urgent?: () => boolean;
}

export function limiter(max: number, options: LimiterOptions = {}): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limit needs a whole number ≥ 1, not ${max}`);
  const waiting: (() => void)[] = [];
  const waitingUrgent: (() => void)[] = [];
  let active = 0;

  const release = () => {
    const next = waitingUrgent.shift() ?? waiting.shift();
    // Hand the slot straight to the next task, so `active` never dips and lets a newcomer jump the queue.
    if (next) next();
    else active--;
  };

  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else {
      const queue = options.urgent?.() ? waitingUrgent : waiting;
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    try {
      return await task();
    } finally {
      release();
    }
  };

  return Object.defineProperties(run, {
    active: { get: () => active },
    pending: { get: () => waiting.length + waitingUrgent.length },
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
 * How many child processes (ip, nsenter, vtysh, an exec line …) to have in flight. Most spend
 * their life waiting (exec, the kernel, a daemon's answer), not on a core, so several per core
 * keep the cores busy (on 2 loaded cores, 32 deployed a 16-node lab 10–25 % faster than 8); far
 * more only queue in the scheduler and hold descriptors (3 pipes each). FABRIC_PROCESS_LIMIT
 * overrides it, for measuring.
 */
export function defaultProcessLimit(
  cores: number = availableParallelism(),
  override: string | undefined = process.env["FABRIC_PROCESS_LIMIT"],
): number {
  const asked = Number(override);
  if (override !== undefined && Number.isInteger(asked) && asked >= 1) return asked;
  return Math.max(8, cores * 8);
}
