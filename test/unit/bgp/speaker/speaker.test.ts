import { afterEach, describe, expect, it } from "vitest";
import type { InstanceConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { Running } from "./helpers.js";
import { peer, podCidr, randomPort, speakerConfig, startSpeaker, stateOf, waitFor } from "./helpers.js";

const running: Running[] = [];
// IPv6 loopback: the codec (rightly) refuses 127/8 as an IPv4 NEXT_HOP, while an IPv4 route
// with the IPv6 next hop ::1 (RFC 8950, negotiated for IPv4 over an IPv6 session) is accepted.
// Both speakers see each other as ::1 and tell sessions apart by port.
const PEER_A = "::1";
const PEER_B = "::1";

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") for (const r of running) console.log(r.log.lines.join("\n"));
  for (const r of running.splice(0)) await r.speaker.shutdown();
});

async function pair(opts: { asnB: number; advertiseA: InstanceConfig["peers"][number]["families"] }) {
  const portA = randomPort();
  const portB = portA + 1;
  const a: InstanceConfig = {
    name: "a",
    localASN: 65001,
    routerId: "1.1.1.1",
    localPort: portA,
    peers: [
      peer({
        name: "b",
        address: PEER_B,
        peerASN: opts.asnB,
        peerPort: portB,
        localAddress: PEER_A,
        families: opts.advertiseA,
      }),
    ],
  };
  const b: InstanceConfig = {
    name: "b",
    localASN: opts.asnB,
    routerId: "2.2.2.2",
    localPort: portB,
    peers: [
      peer({
        name: "a",
        address: PEER_A,
        peerASN: 65001,
        peerPort: portA,
        localAddress: PEER_B,
        // b looks at the routes it learns: the opt-in beyond Cilium's reject-all default.
        inbound: { mode: "import", maxPrefixes: 100 },
        families: [
          { afi: "ipv4", safi: "unicast", advertisements: [] },
          { afi: "ipv6", safi: "unicast", advertisements: [] },
        ],
      }),
    ],
  };
  const ra = await startSpeaker(speakerConfig("node-a", a));
  const rb = await startSpeaker(speakerConfig("node-b", b));
  running.push(ra, rb);
  await waitFor(
    "both Established",
    () => stateOf(ra, PEER_B) === "established" && stateOf(rb, PEER_A) === "established",
  );
  return { ra, rb, a, b };
}

describe("two speakers over loopback", () => {
  it("reach Established (resolving the connection collision) and exchange an eBGP route", async () => {
    const { ra, rb } = await pair({
      asnB: 65002,
      advertiseA: [
        { afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.1.0/24"], ["65000:99"], 200)] },
        { afi: "ipv6", safi: "unicast", advertisements: [podCidr(["fd00:1::/64"], ["65000:98"])] },
      ],
    });
    await waitFor("routes at b", () => rb.speaker.routeRows("available").length === 2);
    expect(rb.speaker.routeRows("available", "ipv6")).toMatchObject([
      { prefix: "fd00:1::/64", nextHop: PEER_A, asPath: "65001", communities: ["65000:98"] },
    ]);
    const [route] = rb.speaker.routeRows("available", "ipv4");
    expect(route).toMatchObject({
      prefix: "10.1.1.0/24",
      nextHop: PEER_A,
      asPath: "65001",
      communities: ["65000:99"],
      from: PEER_A,
    });
    // LOCAL_PREF is not sent over eBGP (RFC 4271 §5.1.5).
    expect(route?.localPref).toBeUndefined();
    const [adv] = ra.speaker.routeRows("advertised", "ipv4");
    expect(adv).toMatchObject({ peer: PEER_B, prefix: "10.1.1.0/24", asPath: "65001" });
    const rowA = ra.speaker.peerRows()[0];
    expect(rowA).toMatchObject({ state: "established", peerAsn: 65002, advertised: 1, received: 0 });
    expect(rb.speaker.peerRows()).toMatchObject([
      { family: "ipv4/unicast", received: 1, advertised: 0 },
      { family: "ipv6/unicast", received: 1, advertised: 0 },
    ]);
    expect(ra.log.lines.some((l) => l.includes("session Established with AS 65002 (eBGP"))).toBe(true);
  });

  it("sends LOCAL_PREF to an iBGP peer and withdraws a route removed by a reload", async () => {
    const families = [
      {
        afi: "ipv4" as const,
        safi: "unicast" as const,
        advertisements: [podCidr(["10.1.2.0/24", "10.1.3.0/24"], [], 300)],
      },
    ];
    const { ra, rb, a } = await pair({ asnB: 65001, advertiseA: families });
    await waitFor("two routes at b", () => rb.speaker.routeRows("available").length === 2);
    expect(rb.speaker.routeRows("available")[0]).toMatchObject({ localPref: 300, asPath: "" });
    const peerB = a.peers[0]!;
    await ra.speaker.reload(
      speakerConfig("node-a", {
        ...a,
        peers: [
          {
            ...peerB,
            families: [{ afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.3.0/24"], [], 300)] }],
          },
        ],
      }),
    );
    await waitFor("withdrawal at b", () => rb.speaker.routeRows("available").length === 1);
    expect(rb.speaker.routeRows("available")[0]?.prefix).toBe("10.1.3.0/24");
    // The session survived the reload.
    expect(stateOf(ra, PEER_B)).toBe("established");
    expect(ra.log.lines.some((l) => l.includes("withdrew 1 route(s)"))).toBe(true);
  });

  it("sends Cease/Administrative Shutdown on shutdown and the peer drops our routes", async () => {
    const { ra, rb } = await pair({
      asnB: 65002,
      advertiseA: [{ afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.4.0/24"])] }],
    });
    await waitFor("route at b", () => rb.speaker.routeRows("available").length === 1);
    await ra.speaker.shutdown();
    running.splice(running.indexOf(ra), 1);
    await waitFor("b notices", () => stateOf(rb, PEER_A) !== "established");
    expect(
      rb.log.lines.some((l) => l.includes("received NOTIFICATION") && l.includes("Administrative Shutdown")),
    ).toBe(true);
    expect(rb.speaker.routeRows("available")).toEqual([]);
  });

  it("expires the hold timer when the peer falls silent", async () => {
    const { ra, rb } = await pair({
      asnB: 65002,
      advertiseA: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
    });
    // Only a's clock moves: b sends no keepalives, so a's 9 s hold timer runs out.
    ra.clock.advance(9_001);
    await waitFor("a down", () => stateOf(ra, PEER_B) !== "established");
    expect(
      ra.log.lines.some((l) => l.includes("sent NOTIFICATION") && l.includes("Hold Timer Expired")),
    ).toBe(true);
    await waitFor("b told", () =>
      rb.log.lines.some((l) => l.includes("received NOTIFICATION") && l.includes("Hold Timer Expired")),
    );
  });

  it("rejects a peer announcing the wrong AS and says which", async () => {
    const portA = randomPort();
    const portB = portA + 1;
    // b listens before a connects: a's retry runs on a FakeClock that this test never moves.
    const rb = await startSpeaker(
      speakerConfig("node-b", {
        name: "b",
        localASN: 65002,
        routerId: "2.2.2.2",
        localPort: portB,
        peers: [peer({ name: "a", address: PEER_A, peerASN: 65001, peerPort: portA })],
      }),
    );
    const ra = await startSpeaker(
      speakerConfig("node-a", {
        name: "a",
        localASN: 65001,
        routerId: "1.1.1.1",
        peers: [
          peer({
            name: "b",
            address: PEER_B,
            peerASN: 65099,
            peerPort: portB,
            localAddress: PEER_A,
          }),
        ],
      }),
    );
    running.push(ra, rb);
    await waitFor("rejection", () =>
      ra.log.lines.some((l) => l.includes("peer announced AS 65002, expected AS 65099")),
    );
    await waitFor("b told", () =>
      rb.log.lines.some((l) => l.includes("received NOTIFICATION") && l.includes("Bad Peer AS")),
    );
  });
});
