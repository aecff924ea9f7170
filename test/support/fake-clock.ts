// Time that moves only when the code under test sleeps: a whole wait, timeout included, runs in
// no time, and the sleeps it asked for are recorded for the test to assert.
import type { Clock } from "../../src/util/poll.js";

export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
