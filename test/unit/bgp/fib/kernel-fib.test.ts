import { describe, expect, it } from "vitest";
import {
  BATCH_DELAY_MS,
  KernelFib,
  type KernelAccess,
  type KernelTableRoute,
} from "../../../../src/bgp/fib/index.js";
import { FakeClock } from "../../../../src/bgp/fsm/index.js";

/** A kernel that records each batch and fails lines whose prefix is in `refuse`. */
class FakeKernel implements KernelAccess {
  readonly batches: string[][] = [];
  readonly tableReads: (4 | 6)[][] = [];
  refuse = new Set<string>();
  table: KernelTableRoute[] = [
    { dst: "10.0.1.0/24", dev: "eth1" },
    { dst: "10.0.2.0/24", dev: "eth2" },
    { dst: "10.0.0.1", gateway: "10.0.1.1", dev: "eth1" },
  ];

  routes(families: readonly (4 | 6)[]): Promise<KernelTableRoute[]> {
    this.tableReads.push([...families]);
    return Promise.resolve(this.table);
  }

  batch(lines: readonly (readonly string[])[]): Promise<Map<number, string>> {
    this.batches.push(lines.map((l) => l.join(" ")));
    const failed = new Map<number, string>();
    lines.forEach((l, i) => {
      if (this.refuse.has(l[2] ?? "")) failed.set(i, "Error: Nexthop has invalid gateway.");
    });
    return Promise.resolve(failed);
  }
}

function setup() {
  const clock = new FakeClock();
  const kernel = new FakeKernel();
  const hops = new Map<string, string[]>();
  const log: string[] = [];
  const fib = new KernelFib({
    kernel,
    scheduler: clock,
    log: (l) => log.push(l),
    nextHops: (key) => hops.get(key) ?? [],
  });
  const flush = async (): Promise<void> => {
    clock.advance(BATCH_DELAY_MS);
    await fib.settled();
  };
  return { clock, kernel, hops, log, fib, flush };
}

const TAG = "proto 201 metric 20";

describe("KernelFib", () => {
  it("writes a burst of 10,000 prefixes as one batch and one table read", async () => {
    const { kernel, hops, fib, flush } = setup();
    const keys: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const key = `10.${100 + (i >> 8)}.${i & 255}.0/24`;
      hops.set(key, ["10.0.1.1"]);
      keys.push(key);
    }
    // As UPDATEs arrive: many touches within the batch delay.
    for (let i = 0; i < keys.length; i += 500) fib.touch(keys.slice(i, i + 500));
    await flush();
    expect(kernel.batches).toHaveLength(1);
    expect(kernel.batches[0]).toHaveLength(10_000);
    expect(kernel.batches[0]?.[0]).toBe(`route replace 10.100.0.0/24 ${TAG} via 10.0.1.1 dev eth1`);
    expect(kernel.tableReads).toEqual([[4]]);
    expect(fib.size).toBe(10_000);
  });

  it("installs ECMP as nexthop entries, resolving a loopback next hop, and rewrites only on change", async () => {
    const { kernel, hops, fib, flush } = setup();
    hops.set("192.0.2.0/24", ["10.0.1.1", "10.0.2.1"]);
    hops.set("198.51.100.0/24", ["10.0.0.1"]);
    fib.touch(["192.0.2.0/24", "198.51.100.0/24"]);
    await flush();
    expect(kernel.batches).toEqual([
      [
        `route replace 192.0.2.0/24 ${TAG} nexthop via 10.0.1.1 dev eth1 nexthop via 10.0.2.1 dev eth2`,
        `route replace 198.51.100.0/24 ${TAG} via 10.0.1.1 dev eth1`,
      ],
    ]);
    fib.touch(["192.0.2.0/24"]); // touched but the same next hops: nothing to write
    await flush();
    expect(kernel.batches).toHaveLength(1);
    hops.set("192.0.2.0/24", ["10.0.2.1"]); // one ToR withdrew
    fib.touch(["192.0.2.0/24"]);
    await flush();
    expect(kernel.batches[1]).toEqual([`route replace 192.0.2.0/24 ${TAG} via 10.0.2.1 dev eth2`]);
  });

  it("deletes a withdrawn prefix, and only one it installed", async () => {
    const { kernel, hops, fib, flush } = setup();
    hops.set("192.0.2.0/24", ["10.0.1.1"]);
    fib.touch(["192.0.2.0/24", "203.0.113.0/24"]);
    await flush();
    hops.delete("192.0.2.0/24");
    fib.touch(["192.0.2.0/24", "203.0.113.0/24"]);
    await flush();
    expect(kernel.batches[1]).toEqual([`route del 192.0.2.0/24 ${TAG}`]);
    expect(fib.size).toBe(0);
  });

  it("skips and reports once a next hop nothing routes, and a line the kernel refuses", async () => {
    const { kernel, hops, fib, flush, log } = setup();
    hops.set("192.0.2.0/24", ["172.31.0.1"]);
    hops.set("198.51.100.0/24", ["172.31.0.1"]);
    hops.set("203.0.113.0/24", ["10.0.1.1"]);
    kernel.refuse.add("203.0.113.0/24");
    fib.touch(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]);
    await flush();
    expect(log.filter((l) => l.includes("no route to next hop 172.31.0.1"))).toHaveLength(1);
    expect(log.some((l) => l.includes("203.0.113.0/24") && l.includes("invalid gateway"))).toBe(true);
    expect(fib.size).toBe(0);
  });

  it("close() removes everything it installed and ignores later changes", async () => {
    const { kernel, hops, fib, flush } = setup();
    hops.set("192.0.2.0/24", ["10.0.1.1"]);
    hops.set("2001:db8::/32", ["2001:db8:1::1"]);
    kernel.table.push({ dst: "2001:db8:1::/64", dev: "eth1" });
    fib.touch(["192.0.2.0/24", "2001:db8::/32"]);
    await flush();
    expect(kernel.tableReads).toEqual([[4, 6]]);
    await fib.close();
    expect(kernel.batches[1]).toEqual([`route del 192.0.2.0/24 ${TAG}`, `route del 2001:db8::/32 ${TAG}`]);
    fib.touch(["192.0.2.0/24"]);
    await flush();
    expect(kernel.batches).toHaveLength(2);
  });
});
