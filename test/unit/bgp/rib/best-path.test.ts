import { describe, expect, it } from "vitest";
import type { BestPathOptions } from "../../../../src/bgp/rib/index.js";
import {
  BEST_PATH_STEPS,
  DEFAULT_BEST_PATH_OPTIONS,
  asPathLength,
  compareRoutes,
  selectBest,
} from "../../../../src/bgp/rib/index.js";
import { Origin } from "../../../../src/bgp/model.js";
import { peer, route, seq } from "./support.js";

const A = peer("10.0.0.1", 65001);
const B = peer("10.0.0.2", 65002);
const IA = peer("10.0.1.1", 65010);
const IB = peer("10.0.1.2", 65010);

/** Check that `better` wins over `worse` in both argument orders, decided by `step`. */
function decides(
  step: string,
  better: ReturnType<typeof route>,
  worse: ReturnType<typeof route>,
  o?: BestPathOptions,
) {
  expect(selectBest([worse, better], o)).toEqual({ best: better, reason: step });
  expect(selectBest([better, worse], o)).toEqual({ best: better, reason: step });
}

describe("best-path steps, each deciding with its name", () => {
  it("lists the comparators in RFC 4271 / FRR order", () => {
    expect(BEST_PATH_STEPS.map((s) => s.name)).toEqual([
      "local-pref",
      "local-origin",
      "as-path",
      "origin",
      "med",
      "ebgp-over-ibgp",
      "oldest-ebgp",
      "router-id",
      "cluster-list",
      "peer-address",
    ]);
  });

  it("local-pref: higher wins, absent counts as 100", () => {
    decides("local-pref", route(IA, { localPref: 200 }), route(IB, { localPref: 150 }));
    decides("local-pref", route(IA, { localPref: 101 }), route(IB));
    decides("local-pref", route(IA), route(IB, { localPref: 99 }));
  });

  it("local-origin: our own route beats a learned one with equal LOCAL_PREF", () => {
    decides("local-origin", route({ type: "local" }, { asPath: [seq(1, 2, 3)] }), route(IA));
  });

  it("as-path: shorter wins; an AS_SET counts 1 and confederation segments 0", () => {
    decides("as-path", route(A, { asPath: [seq(65001)] }), route(B, { asPath: [seq(65002, 65003)] }));
    decides(
      "as-path",
      route(A, { asPath: [seq(65001), { type: 1, asns: [1, 2, 3, 4] }] }),
      route(B, { asPath: [seq(65002, 65003, 65004)] }),
    );
    expect(asPathLength([{ type: 3, asns: [1, 2] }, { type: 4, asns: [3] }, seq(7)])).toBe(1);
  });

  it("origin: IGP < EGP < INCOMPLETE", () => {
    decides("origin", route(B, { origin: Origin.igp }), route(A, { origin: Origin.egp }));
    decides("origin", route(B, { origin: Origin.egp }), route(A, { origin: Origin.incomplete }));
  });

  it("med: lower wins between routes from the same neighbouring AS; missing counts as 0", () => {
    const viaX1 = peer("10.0.0.5", 65005);
    const viaX2 = peer("10.0.0.6", 65005);
    decides("med", route(viaX2, { med: 10 }), route(viaX1, { med: 20 }));
    decides("med", route(viaX2), route(viaX1, { med: 1 }));
  });

  it("med: ignored across neighbouring ASes unless always-compare-med", () => {
    const low = route(B, { med: 10 });
    const high = route(A, { med: 20 });
    expect(selectBest([low, high])).toEqual({ best: high, reason: "router-id" });
    decides("med", low, high, { ...DEFAULT_BEST_PATH_OPTIONS, alwaysCompareMed: true });
  });

  it("ebgp-over-ibgp: external beats internal with equal path", () => {
    decides("ebgp-over-ibgp", route(B, { asPath: [seq(65002)] }), route(IA, { asPath: [seq(65002)] }));
  });

  it("oldest-ebgp: the older of two eBGP routes wins, only when the option is on", () => {
    const older = route(B, { asPath: [seq(65007)] }, undefined, 1_000);
    const newer = route(A, { asPath: [seq(65007)] }, undefined, 2_000);
    decides("oldest-ebgp", older, newer);
    const off = { ...DEFAULT_BEST_PATH_OPTIONS, preferOldestExternal: false };
    decides("router-id", newer, older, off);
  });

  it("router-id: lower identifier wins, as unsigned numbers, ORIGINATOR_ID when present", () => {
    decides(
      "router-id",
      route(peer("10.0.1.1", 65010, "9.0.0.1")),
      route(peer("10.0.1.2", 65010, "10.0.0.1")),
    );
    decides(
      "router-id",
      route(peer("10.0.1.2", 65010, "200.0.0.1")),
      route(peer("10.0.1.1", 65010, "201.0.0.1")),
    );
    decides(
      "router-id",
      route(peer("10.0.1.2", 65010, "10.9.9.9"), { originatorId: "1.1.1.1" }),
      route(peer("10.0.1.1", 65010, "2.2.2.2")),
    );
  });

  it("cluster-list: shorter wins", () => {
    decides(
      "cluster-list",
      route(peer("10.0.1.2", 65010, "3.3.3.3"), { originatorId: "1.1.1.1", clusterList: ["4.4.4.4"] }),
      route(peer("10.0.1.1", 65010, "2.2.2.2"), {
        originatorId: "1.1.1.1",
        clusterList: ["4.4.4.4", "5.5.5.5"],
      }),
    );
  });

  it("peer-address: lowest address wins, compared numerically", () => {
    decides(
      "peer-address",
      route(peer("10.0.0.9", 65010, "1.1.1.1")),
      route(peer("10.0.0.10", 65010, "1.1.1.1")),
    );
  });
});

describe("selectBest", () => {
  it("returns nothing for no candidates and only-path for one", () => {
    expect(selectBest([])).toBeUndefined();
    const r = route(A);
    expect(selectBest([r])).toEqual({ best: r, reason: "only-path" });
  });

  it("picks the best of several and reports the last deciding comparison", () => {
    const a = route(A, { asPath: [seq(65001, 1, 2)] });
    const b = route(B, { asPath: [seq(65002)] });
    const c = route(IA, { localPref: 200 });
    expect(selectBest([a, b, c])).toEqual({ best: c, reason: "local-pref" });
    expect(selectBest([c, a, b])).toEqual({ best: c, reason: "local-pref" });
  });

  it("reports equal for identical paths", () => {
    expect(compareRoutes(route(A), route(A)).step).toBe("equal");
  });
});
