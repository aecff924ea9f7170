import { describe, expect, it } from "vitest";
import { FakeClock, RealTimerScheduler } from "../../../../src/bgp/fsm/index.js";

describe("FakeClock", () => {
  it("fires timers in due order with now() at each due time", () => {
    const clock = new FakeClock(1000);
    const fired: [string, number][] = [];
    clock.schedule(30, () => fired.push(["b", clock.now()]));
    clock.schedule(10, () => fired.push(["a", clock.now()]));
    clock.schedule(30, () => fired.push(["c", clock.now()]));
    clock.advance(29);
    expect(fired).toEqual([["a", 1010]]);
    clock.advance(100);
    expect(fired).toEqual([
      ["a", 1010],
      ["b", 1030],
      ["c", 1030],
    ]);
    expect(clock.now()).toBe(1129);
  });

  it("runs timers scheduled by callbacks within the same advance, and honours cancel", () => {
    const clock = new FakeClock();
    let ticks = 0;
    const tick = () => {
      ticks++;
      clock.schedule(10, tick);
    };
    clock.schedule(10, tick);
    const never = clock.schedule(5, () => {
      throw new Error("cancelled timer fired");
    });
    never.cancel();
    clock.advance(100);
    expect(ticks).toBe(10);
    expect(clock.pending()).toBe(1);
  });
});

describe("RealTimerScheduler", () => {
  it("fires after the delay and not after cancel", async () => {
    const s = new RealTimerScheduler();
    const start = s.now();
    const fired = await new Promise<number>((resolve) => s.schedule(20, () => resolve(s.now())));
    expect(fired - start).toBeGreaterThanOrEqual(15);
    let cancelled = true;
    s.schedule(5, () => (cancelled = false)).cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(cancelled).toBe(true);
  });
});
