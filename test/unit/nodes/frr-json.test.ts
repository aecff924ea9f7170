// The FRR adapter against JSON recorded from FRR 8.4 (test/fixtures/checks/observed), and against
// output it must refuse with a clear error rather than read as "unknown".
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import {
  asPathNumbers,
  FRR_BAD_OUTPUT,
  frrBestPath,
  frrNeighbors,
  frrSummaryPeers,
} from "../../../src/nodes/frr-json.js";

const observed = (f: string) => readFileSync(`test/fixtures/checks/observed/${f}`, "utf8");

function errorOf(f: () => unknown): FabricError {
  try {
    f();
  } catch (e) {
    if (e instanceof FabricError) return e;
    throw e;
  }
  throw new Error("expected a FabricError");
}

describe("show bgp summary json", () => {
  it("lists each neighbor once, in FRR's order, summing prefixes over the families it is in", () => {
    expect(frrSummaryPeers(observed("frr-summary-tor1-down.json"))).toEqual([
      { peer: "net0", state: "Established", hostname: "router0", received: 10, sent: 12 },
      { peer: "10.0.3.2", state: "Active", received: 0, sent: 0 },
      { peer: "10.0.4.2", state: "Established", hostname: "kind-worker3", received: 1, sent: 11 },
    ]);
  });

  it("reads a router with no BGP instance, or a family without neighbors, as no neighbors", () => {
    expect(frrSummaryPeers("{}")).toEqual([]);
    expect(frrSummaryPeers('{"ipv6Unicast": {"routerId": "10.0.0.1"}}')).toEqual([]);
  });

  it("refuses text that is not JSON, naming the command and the node", () => {
    const e = errorOf(() => frrSummaryPeers("% BGP instance not found", "tor1"));
    expect(e.code).toBe(FRR_BAD_OUTPUT);
    expect(e.message).toMatch(/^FRR's `show bgp summary json` on tor1 is not JSON: /);
    expect(e.suggestion).toContain("vtysh");
  });

  it("refuses JSON of another shape, saying where", () => {
    const e = errorOf(() => frrSummaryPeers('{"ipv4Unicast": {"peers": {"net0": {"state": 6}}}}', "tor1"));
    expect(e.code).toBe(FRR_BAD_OUTPUT);
    expect(e.message).toBe(
      "FRR's `show bgp summary json` on tor1 is not in the expected form: " +
        "ipv4Unicast.peers.net0.state: Invalid type: Expected string but received 6",
    );
    const noState = errorOf(() => frrSummaryPeers('{"ipv4Unicast": {"peers": {"net0": {}}}}'));
    expect(noState.message).toContain("ipv4Unicast.peers.net0.state:");
    expect(errorOf(() => frrSummaryPeers('"ok"')).message).toContain("not in the expected form");
  });
});

describe("show bgp neighbors json", () => {
  it("maps each neighbor to its state and reset fields", () => {
    const neighbors = frrNeighbors(observed("frr-neighbors-down.json"));
    expect([...neighbors.keys()]).toEqual(["10.0.3.2", "net0", "10.0.4.2"]);
    expect(neighbors.get("net0")).toEqual({
      bgpState: "Idle",
      connectionsEstablished: 1,
      lastResetTimerMsecs: 2000,
      lastResetDueTo: "NOTIFICATION received",
      lastNotificationReason: "Cease/Administrative Shutdown",
      lastErrorCodeSubcode: "0602",
    });
  });

  it("refuses a neighbor without a state", () => {
    const e = errorOf(() => frrNeighbors('{"net0": {"remoteAs": 65000}}', "r1"));
    expect(e.message).toMatch(
      /^FRR's `show bgp neighbors json` on r1 is not in the expected form: net0.bgpState: /,
    );
  });
});

describe("show bgp … PREFIX json", () => {
  it("reads the best path: AS path, first next hop, no communities", () => {
    expect(frrBestPath(observed("frr-prefix.json"))).toEqual({
      asPath: [65000, 65011],
      nextHop: "fe80::8cd:a4ff:fed0:1c75",
      communities: [],
    });
  });

  it("is undefined for a prefix not in the table", () => {
    expect(frrBestPath(observed("frr-prefix-missing.json"))).toBeUndefined();
  });

  it("prefers the path marked best, and reads communities and local preference", () => {
    const json = JSON.stringify({
      paths: [
        { aspath: { string: "65001" }, nexthops: [{ ip: "10.0.0.1" }] },
        {
          aspath: { string: "65002 65010" },
          nexthops: [{ ip: "10.0.0.2" }],
          community: { string: "65000:100 no-export" },
          largeCommunity: { string: "65000:1:2" },
          locPrf: 200,
          bestpath: { overall: true },
        },
      ],
    });
    expect(frrBestPath(json)).toEqual({
      asPath: [65002, 65010],
      nextHop: "10.0.0.2",
      communities: ["65000:100", "no-export", "65000:1:2"],
      localPreference: 200,
    });
  });

  it("refuses malformed paths", () => {
    expect(errorOf(() => frrBestPath('{"paths": [{"locPrf": "high"}]}')).message).toContain(
      "paths.0.locPrf:",
    );
    expect(errorOf(() => frrBestPath('{"paths": ')).code).toBe(FRR_BAD_OUTPUT);
  });
});

describe("AS-path text", () => {
  it("keeps the AS numbers of the sequence, in order", () => {
    expect(asPathNumbers("65000 65011")).toEqual([65000, 65011]);
    expect(asPathNumbers("  4200000001   65000 ")).toEqual([4200000001, 65000]);
    expect(asPathNumbers("")).toEqual([]);
    expect(asPathNumbers("Local")).toEqual([]);
    expect(asPathNumbers("65000 {65001,65002}")).toEqual([65000]);
  });
});
