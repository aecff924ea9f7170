// A frozen hosted instance behaves as a SIGSTOPped process would: its peer's hold timer expires
// with no word from it, and it learns of that only once thawed.
import { afterEach, describe, expect, it } from "vitest";
import type { InstanceConfig } from "../../../../../src/bgp/config/speaker-config.js";
import { FakeClock } from "../../../../../src/bgp/fsm/index.js";
import { Freezer } from "../../../../../src/bgp/speaker/host/freezer.js";
import { MemoryLogger, Speaker } from "../../../../../src/bgp/speaker/index.js";
import { namespaceSockets } from "../../../../../src/bgp/speaker/socket-place.js";
import type { Running } from "../helpers.js";
import { peer, randomPort, speakerConfig, startSpeaker, stateOf, waitFor } from "../helpers.js";

const running: Running[] = [];
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") for (const r of running) console.log(r.log.lines.join("\n"));
  for (const r of running.splice(0)) await r.speaker.shutdown();
});

describe("Freezer: timers", () => {
  it("holds timers that fall due while frozen and runs them, in order, on thaw; a cancelled one never", () => {
    const clock = new FakeClock(0);
    const freezer = new Freezer();
    const scheduler = freezer.scheduler(clock);
    const ran: string[] = [];
    scheduler.schedule(10, () => ran.push("before"));
    clock.advance(10);
    freezer.freeze();
    scheduler.schedule(5, () => ran.push("first"));
    const cancelled = scheduler.schedule(6, () => ran.push("cancelled"));
    scheduler.schedule(7, () => ran.push("second"));
    clock.advance(100);
    expect(ran).toEqual(["before"]);
    expect(freezer.heldCount).toBe(3);
    cancelled.cancel();
    freezer.thaw();
    expect(ran).toEqual(["before", "first", "second"]);
    scheduler.schedule(1, () => ran.push("after"));
    clock.advance(1);
    expect(ran.at(-1)).toBe("after");
  });
});

describe("Freezer: a paused speaker instance", () => {
  it("goes silent: the peer's hold timer expires, and the instance hears of it only when thawed", async () => {
    const portA = randomPort();
    const portB = portA + 1;
    const a: InstanceConfig = {
      name: "a",
      localASN: 65001,
      routerId: "1.1.1.1",
      localPort: portA,
      peers: [peer({ name: "b", address: "::1", peerASN: 65002, peerPort: portB, localAddress: "::1" })],
    };
    const b: InstanceConfig = {
      name: "b",
      localASN: 65002,
      routerId: "2.2.2.2",
      localPort: portB,
      peers: [peer({ name: "a", address: "::1", peerASN: 65001, peerPort: portA, localAddress: "::1" })],
    };
    // a as the speaker host runs an instance: its timers and sockets behind a freezer.
    const clockA = new FakeClock(1_000_000);
    const freezer = new Freezer();
    const logA = new MemoryLogger();
    const speakerA = new Speaker(speakerConfig("node-a", a), {
      log: logA,
      scheduler: freezer.scheduler(clockA),
      sockets: freezer.wrap(namespaceSockets()),
      addresses: () => [],
      random: () => 0,
    });
    await speakerA.start();
    const ra: Running = { speaker: speakerA, clock: clockA, log: logA };
    running.push(ra);
    const rb = await startSpeaker(speakerConfig("node-b", b));
    running.push(rb);
    await waitFor(
      "both Established",
      () => stateOf(ra, "::1") === "established" && stateOf(rb, "::1") === "established",
    );

    freezer.freeze();
    // a's keepalive falls due while frozen: held, not sent.
    clockA.advance(3_001);
    expect(freezer.heldCount).toBeGreaterThan(0);
    // b hears nothing for its hold time and gives up, telling a.
    rb.clock.advance(9_001);
    await waitFor("b down", () => stateOf(rb, "::1") !== "established");
    expect(
      rb.log.lines.some((l) => l.includes("sent NOTIFICATION") && l.includes("Hold Timer Expired")),
    ).toBe(true);
    // No Cease from a: it never sent anything, it is frozen.
    expect(rb.log.lines.some((l) => l.includes("received NOTIFICATION"))).toBe(false);
    // a has read nothing meanwhile: still Established as far as it knows.
    await new Promise((r) => setTimeout(r, 200));
    expect(stateOf(ra, "::1")).toBe("established");
    expect(logA.lines.some((l) => l.includes("received NOTIFICATION"))).toBe(false);

    freezer.thaw();
    await waitFor("a reads b's NOTIFICATION", () =>
      logA.lines.some((l) => l.includes("received NOTIFICATION") && l.includes("Hold Timer Expired")),
    );
    // It carries on from there: the session it thought alive goes down, and then comes back (b's
    // new connection, accepted by the kernel while a was frozen, is handled now).
    await waitFor("a's session down", () =>
      logA.lines.some((l) => l.includes("session down: peer sent NOTIFICATION Hold Timer Expired")),
    );
    await waitFor(
      "Established again",
      () => stateOf(ra, "::1") === "established" && stateOf(rb, "::1") === "established",
    );
  });
});
