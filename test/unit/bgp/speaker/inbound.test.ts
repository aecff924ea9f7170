// Inbound routes at the speaker: Cilium's default (counted in the peers table, not kept, not in
// `routes available`) and the maximum-prefix limit of the opt-in import (RFC 4486 §4, Cease/1).
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "./helpers.js";
import { is } from "../../../support/scripted-bgp-peer.js";
import { announce, established, rig, state, stopRigs } from "./scripted-rig.js";

afterEach(async (ctx) => stopRigs(ctx.task.result?.state === "fail"));

describe("inbound routes at the speaker", () => {
  it("by default counts the peer's routes as received but keeps none (Cilium >= 1.16)", async () => {
    const r = await rig();
    const conn = await established(r);
    announce(conn, ["10.70.0.0/24", "10.70.1.0/24"]);
    announce(conn, ["fd70::/64"], "fd00::2");
    const received = () => r.speaker.peerRows().map((p) => p.received);
    await waitFor("received counts", () => received().join() === "2,1");
    expect(r.speaker.peerRows()).toMatchObject([
      { family: "ipv4/unicast", received: 2, advertised: 1 },
      { family: "ipv6/unicast", received: 1, advertised: 1 },
    ]);
    // `routes available` lists what the node originates, as `cilium bgp routes available` does.
    expect(r.speaker.routeRows("available").map((x) => [x.prefix, x.from])).toEqual([
      ["10.1.1.0/24", "local"],
      ["fd01:1::/64", "local"],
    ]);
    conn.send({
      type: "update",
      withdrawnRoutes: [{ afi: "ipv4", address: "10.70.0.0", length: 24 }],
      attributes: { asPath: [], atomicAggregate: false, communities: [], largeCommunities: [], unknown: [] },
      nlri: [],
    });
    await waitFor("withdrawal counted", () => received().join() === "1,1");
    expect(state(r)).toBe("established");
  });

  it("closes the session with Cease/Maximum Number of Prefixes Reached, AFI/SAFI and limit in the data", async () => {
    const r = await rig({ inbound: { mode: "import", maxPrefixes: 3 } });
    const conn = await established(r);
    announce(conn, ["10.70.0.0/24", "10.70.1.0/24", "10.70.2.0/24"]);
    await waitFor("three routes", () => r.speaker.peerRows()[0]?.received === 3);
    announce(conn, ["10.70.3.0/24"]);
    const n = await conn.next("NOTIFICATION", is("notification"));
    expect([n.code, n.subcode]).toEqual([6, 1]);
    // RFC 4486 §4: AFI (2 octets) = 1, SAFI (1 octet) = 1, upper bound (4 octets) = 3.
    expect([...n.data]).toEqual([0, 1, 1, 0, 0, 0, 3]);
    await waitFor("connection closed", () => conn.closed);
    await waitFor("session down", () => state(r) !== "established");
    expect(r.speaker.routeRows("available").filter((x) => x.from !== "local")).toEqual([]);
    expect(r.speaker.peerRows()[0]?.received).toBe(0);
    expect(r.log.lines.some((l) => l.includes("more than 3 ipv4 prefixes received"))).toBe(true);
    expect(r.log.lines.some((l) => l.includes("Maximum Number of Prefixes Reached"))).toBe(true);
    // Not an operator's stop: the speaker tries again after ConnectRetry (1 s in the rig).
    r.clock.advance(1_000);
    await r.scripted.accepted(1);
  });
});
