import { describe, expect, it } from "vitest";
import { LocRib } from "../../../../src/bgp/rib/index.js";
import { peer, route, seq } from "./support.js";

const A = peer("10.0.0.1", 65001);
const B = peer("10.0.0.2", 65002);

describe("LocRib", () => {
  it("reports a new prefix, a better path, and no change for a worse one", () => {
    const rib = new LocRib();
    const long = route(A, { asPath: [seq(65001, 1, 2)] });
    const short = route(B);
    expect(rib.add(long)).toEqual({ type: "best", prefix: long.prefix, route: long, reason: "only-path" });
    expect(rib.add(short)).toEqual({
      type: "best",
      prefix: long.prefix,
      route: short,
      previous: long,
      reason: "as-path",
    });
    const worse = route(A, { asPath: [seq(65001, 1, 2, 3)] });
    expect(rib.add(worse)).toBeUndefined();
    expect(rib.get("10.1.0.0/24")?.candidates.size).toBe(2);
    expect(rib.best("10.1.0.0/24")).toBe(short);
  });

  it("falls back to the next candidate when the best is removed, then withdraws", () => {
    const rib = new LocRib();
    const a = route(A, { asPath: [seq(65001, 1)] });
    const b = route(B);
    rib.add(a);
    rib.add(b);
    expect(rib.removeRoute(b)).toMatchObject({ type: "best", route: a, previous: b, reason: "only-path" });
    expect(rib.remove("10.1.0.0/24", "10.0.0.9")).toBeUndefined();
    expect(rib.removeRoute(a)).toEqual({ type: "withdrawn", prefix: a.prefix, previous: a });
    expect(rib.size).toBe(0);
  });

  it("reports a replacement of the best path from the same source", () => {
    const rib = new LocRib();
    rib.add(route(A, { med: 1 }));
    const replaced = route(A, { med: 2 });
    expect(rib.add(replaced)).toMatchObject({ type: "best", route: replaced });
  });

  it("removing a non-best candidate changes nothing", () => {
    const rib = new LocRib();
    const a = route(A, { asPath: [seq(65001, 1)] });
    rib.add(a);
    rib.add(route(B));
    expect(rib.removeRoute(a)).toBeUndefined();
  });
});
