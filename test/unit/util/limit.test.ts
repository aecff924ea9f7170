import { describe, expect, it } from "vitest";
import { defaultProcessLimit, limiter, mapLimited } from "../../../src/util/limit.js";
import { isUrgent, urgently } from "../../../src/util/urgency.js";

/** A task that stays running until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("limiter", () => {
  it("runs at most max tasks at once and starts the rest in the order they asked", async () => {
    const limit = limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const done = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.pending]).toEqual([2, 2]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect([limit.active, limit.pending]).toEqual([0, 0]);
  });

  it("lets work marked urgent wait only behind other urgent work, however deep the call", async () => {
    const limit = limiter(1, { urgent: isUrgent });
    const holder = gate();
    const started: string[] = [];
    const task = (name: string) => limit(async () => void started.push(name));
    const held = limit(() => holder.opened);
    await tick();
    const queued = [task("a"), task("b")];
    // The mark is read where the limit is asked, two awaits below where it was set.
    const urgent = urgently(async () => {
      await tick();
      await Promise.resolve();
      expect(isUrgent()).toBe(true);
      await Promise.all([task("router-1"), task("router-2")]);
    });
    await tick();
    await tick();
    expect(isUrgent()).toBe(false);
    expect([limit.active, limit.pending]).toEqual([1, 4]);
    holder.open();
    await Promise.all([held, urgent, ...queued]);
    expect(started).toEqual(["router-1", "router-2", "a", "b"]);
  });

  it("frees the slot of a task that fails, and passes the failure on", async () => {
    const limit = limiter(1);
    const failing = limit(async () => {
      throw new Error("boom");
    });
    const next = limit(async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe("ran");
    expect(limit.active).toBe(0);
  });

  it("rejects a limit that is not a whole number of at least 1", () => {
    expect(() => limiter(0)).toThrow(RangeError);
    expect(() => limiter(1.5)).toThrow(RangeError);
  });
});

describe("mapLimited", () => {
  it("keeps results in input order and never exceeds the limit", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

describe("defaultProcessLimit", () => {
  it("keeps several processes per core in flight, and at least eight", () => {
    expect(defaultProcessLimit(2, undefined)).toBe(16);
    expect(defaultProcessLimit(1, undefined)).toBe(8);
    expect(defaultProcessLimit(16, undefined)).toBe(128);
  });

  it("takes a whole number from FABRIC_PROCESS_LIMIT and ignores anything else", () => {
    expect(defaultProcessLimit(2, "32")).toBe(32);
    expect(defaultProcessLimit(2, "0")).toBe(16);
    expect(defaultProcessLimit(2, "lots")).toBe(16);
  });
});
