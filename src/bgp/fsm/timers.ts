// Time, injected (DESIGN §4.5): the PeerFsm asks a TimerScheduler for timers, so the same code
// runs on real time in the speaker and on a FakeClock in tests.

export interface Clock {
  /** Milliseconds since some fixed origin; only differences matter. */
  now(): number;
}

export interface TimerHandle {
  cancel(): void;
}

export interface TimerScheduler extends Clock {
  /** Run `fn` once after `ms` milliseconds, unless cancelled first. */
  schedule(ms: number, fn: () => void): TimerHandle;
}

/** Wall-clock time and setTimeout. */
export class RealTimerScheduler implements TimerScheduler {
  now(): number {
    return Date.now();
  }

  schedule(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  }
}

interface FakeTimer {
  readonly due: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * Time that moves only when a test says so. `advance` fires due timers in order of due time
 * (then of scheduling), with `now()` equal to each timer's due time while it runs, including
 * timers scheduled by callbacks that fall due within the same advance.
 */
export class FakeClock implements TimerScheduler {
  private current: number;
  private timers: FakeTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, fn: () => void): TimerHandle {
    const timer: FakeTimer = { due: this.current + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        // Strictly earlier only: of equal due times, the first scheduled (first in the array) wins.
        if (t.due <= target && (!next || t.due < next.due)) next = t;
      }
      if (!next) break;
      next.cancelled = true;
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  /** How many timers are scheduled and not cancelled. */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
