import { describe, expect, it } from "vitest";
import { waitForFrrNeighbors } from "../../../src/nodes/frr-ready.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import type { ExecResult } from "../../../src/runtime/types.js";
import { FakeClock } from "../../support/fake-clock.js";

const neighbors = (states: Record<string, string>): ExecResult => ({
  exitCode: 0,
  stdout: JSON.stringify(Object.fromEntries(Object.entries(states).map(([n, s]) => [n, { bgpState: s }]))),
  stderr: "",
});

async function routers(runtime: FakeRuntime, ...names: string[]) {
  return Promise.all(
    names.map((name) => runtime.create({ lab: "t", name, env: {}, binds: [], privateDirs: [], labels: {} })),
  );
}

describe("waiting for FRR neighbors to leave Idle", () => {
  it("asks each router until its neighbors are past Idle, and a ready router no more", async () => {
    const looks = new Map<string, number>();
    const runtime = new FakeRuntime((node) => {
      const n = (looks.get(node.name) ?? 0) + 1;
      looks.set(node.name, n);
      if (node.name === "tor0") return neighbors({ "10.0.0.1": n < 3 ? "Idle" : "Active" });
      return neighbors({ net0: "Established" });
    });
    const clock = new FakeClock();
    const idle = await waitForFrrNeighbors(runtime, await routers(runtime, "tor0", "tor1"), 5000, clock);
    expect(idle).toEqual([]);
    expect(Object.fromEntries(looks)).toEqual({ tor0: 3, tor1: 1 });
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it("returns what is still Idle when the time runs out", async () => {
    const runtime = new FakeRuntime(() => neighbors({ "10.0.1.2": "Idle", "10.0.2.2": "Established" }));
    const clock = new FakeClock();
    const idle = await waitForFrrNeighbors(runtime, await routers(runtime, "tor0"), 1000, clock);
    expect(idle).toEqual(["tor0: 10.0.1.2"]);
    expect(clock.time).toBe(1000);
  });

  it("waits for neighbors named by an address, not by an interface (another router's)", async () => {
    const looks = new Map<string, number>();
    const runtime = new FakeRuntime((node) => {
      const n = (looks.get(node.name) ?? 0) + 1;
      looks.set(node.name, n);
      // The spine's unnumbered neighbors wait for router advertisements; a ToR's server neighbor
      // (IPv4 or IPv6) is what a speaker dials.
      if (node.name === "spine0") return neighbors({ net0: "Idle", net1: "Idle" });
      return neighbors({ net0: "Idle", "fd00::2": n < 2 ? "Idle" : "Active", "10.0.1.2": "Active" });
    });
    const clock = new FakeClock();
    const idle = await waitForFrrNeighbors(runtime, await routers(runtime, "spine0", "tor0"), 5000, clock);
    expect(idle).toEqual([]);
    expect(Object.fromEntries(looks)).toEqual({ spine0: 1, tor0: 2 });
    expect(clock.sleeps).toEqual([100]);
  });

  it("does not wait for a router without bgpd, or one whose output cannot be read", async () => {
    const runtime = new FakeRuntime((node) =>
      node.name === "nobgp"
        ? { exitCode: 1, stdout: "", stderr: "bgpd is not running" }
        : { exitCode: 0, stdout: "% Unknown command", stderr: "" },
    );
    const clock = new FakeClock();
    expect(await waitForFrrNeighbors(runtime, await routers(runtime, "nobgp", "odd"), 1000, clock)).toEqual(
      [],
    );
    expect(clock.sleeps).toEqual([]);
  });
});
