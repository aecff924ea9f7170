import { describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import { poll, pollUntil } from "../../../src/util/poll.js";
import { FakeClock } from "../../support/fake-clock.js";

/** A reader that answers from a list, repeating the last answer. */
function answers<T>(...values: T[]): () => Promise<T> {
  let i = 0;
  return async () => values[Math.min(i++, values.length - 1)] as T;
}

describe("pollUntil", () => {
  it("stops at the first look that is done, sleeping the interval between looks", async () => {
    const clock = new FakeClock();
    const polled = await pollUntil({
      clock,
      timeoutMs: 10_000,
      intervalMs: 250,
      read: answers(1, 2, 3, 4),
      done: (n) => n === 3,
    });
    expect(polled).toEqual({ value: 3, done: true, elapsedMs: 500, attempts: 3 });
    expect(clock.sleeps).toEqual([250, 250]);
  });

  it("sleeps what the interval makes of the last look's duration", async () => {
    const clock = new FakeClock();
    const lookMs = [10, 40, 200];
    let i = 0;
    const seen: number[] = [];
    const polled = await pollUntil({
      clock,
      timeoutMs: 10_000,
      intervalMs: (ms) => (seen.push(ms), 3 * ms),
      read: async () => {
        clock.time += lookMs[i] ?? 0;
        return i++;
      },
      done: (n) => n === 2,
    });
    expect(seen).toEqual([10, 40]);
    expect(clock.sleeps).toEqual([30, 120]);
    expect(polled.attempts).toBe(3);
  });

  it("returns the last look, not done, once a look ends at or past the timeout", async () => {
    const clock = new FakeClock();
    const polled = await pollUntil({
      clock,
      timeoutMs: 1000,
      intervalMs: 300,
      read: answers("a", "b", "c", "d", "e"),
      done: () => false,
    });
    // Looks at 0, 300, 600, 900 and 1200 ms: the fourth is still inside the timeout.
    expect(polled).toEqual({ value: "e", done: false, elapsedMs: 1200, attempts: 5 });
  });

  it("counts the time a look takes, and always looks once even with no time at all", async () => {
    const clock = new FakeClock();
    const slow = async () => {
      clock.time += 700;
      return false;
    };
    const polled = await pollUntil({ clock, timeoutMs: 1000, intervalMs: 100, read: slow, done: (x) => x });
    expect(polled).toMatchObject({ attempts: 2, elapsedMs: 1500 });

    const once = await pollUntil({
      clock: new FakeClock(),
      timeoutMs: 0,
      intervalMs: 100,
      read: answers<boolean>(false),
      done: (x) => x,
    });
    expect(once).toMatchObject({ attempts: 1, done: false, elapsedMs: 0 });
  });

  it("lets an error from a look end the wait (a reader that wants retries catches inside)", async () => {
    const failing = () => Promise.reject(new Error("gone"));
    await expect(
      pollUntil({
        clock: new FakeClock(),
        timeoutMs: 1000,
        intervalMs: 100,
        read: failing,
        done: () => true,
      }),
    ).rejects.toThrow("gone");
  });
});

describe("poll", () => {
  it("returns the value that is done, or throws what timedOut makes of the last look", async () => {
    const timedOut = (last: number) => new FabricError("host-command-timeout", `still ${last}`);
    await expect(poll(new FakeClock(), 1000, 100, answers(0, 1, 2), (n) => n === 2, timedOut)).resolves.toBe(
      2,
    );
    const error = await poll(new FakeClock(), 250, 100, answers(0, 1, 2, 3, 4), () => false, timedOut).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FabricError);
    expect(error).toMatchObject({ code: "host-command-timeout", message: "still 3" });
  });
});
