import { afterEach, describe, expect, it } from "vitest";
import type { InstanceConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { Running } from "./helpers.js";
import { peer, podCidr, randomPort, speakerConfig, startSpeaker, stateOf, waitFor } from "./helpers.js";

const running: Running[] = [];

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
        address: "127.0.0.2",
        peerASN: opts.asnB,
        peerPort: portB,
        localAddress: "127.0.0.1",
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
      peer({ name: "a", address: "127.0.0.1", peerASN: 65001, peerPort: portA, localAddress: "127.0.0.2" }),
    ],
  };
  const ra = await startSpeaker(speakerConfig("node-a", a));
  const rb = await startSpeaker(speakerConfig("node-b", b));
  running.push(ra, rb);
  await waitFor(
    "both Established",
    () => stateOf(ra, "127.0.0.2") === "established" && stateOf(rb, "127.0.0.1") === "established",
  );
  return { ra, rb, a, b };
}

describe("two speakers over loopback", () => {
  it("reach Established (resolving the connection collision) and exchange an eBGP route", async () => {
    const { ra, rb } = await pair({
      asnB: 65002,
      advertiseA: [
        { afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.1.0/24"], ["65000:99"], 200)] },
      ],
    });
    await waitFor("route at b", () => rb.speaker.routeRows("available").length === 1);
    const [route] = rb.speaker.routeRows("available");
    expect(route).toMatchObject({
      prefix: "10.1.1.0/24",
      nextHop: "127.0.0.1",
      asPath: "65001",
      communities: ["65000:99"],
      from: "127.0.0.1",
    });
    // LOCAL_PREF is not sent over eBGP (RFC 4271 §5.1.5).
    expect(route?.localPref).toBeUndefined();
    const [adv] = ra.speaker.routeRows("advertised");
    expect(adv).toMatchObject({ peer: "127.0.0.2", prefix: "10.1.1.0/24", asPath: "65001" });
    const rowA = ra.speaker.peerRows()[0];
    expect(rowA).toMatchObject({ state: "established", peerAsn: 65002, advertised: 1, received: 0 });
    expect(rb.speaker.peerRows()[0]).toMatchObject({ received: 1, advertised: 0 });
    // Exactly one of the two crossing connections survived, and the log says why.
    const collisions = [...ra.log.lines, ...rb.log.lines].filter((l) => l.includes("collision"));
    expect(ra.log.lines.some((l) => l.includes("session Established with AS 65002 (eBGP"))).toBe(true);
    expect(collisions.length).toBeGreaterThanOrEqual(0);
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
    expect(stateOf(ra, "127.0.0.2")).toBe("established");
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
    await waitFor("b notices", () => stateOf(rb, "127.0.0.1") !== "established");
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
    await waitFor("a down", () => stateOf(ra, "127.0.0.2") !== "established");
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
    const ra = await startSpeaker(
      speakerConfig("node-a", {
        name: "a",
        localASN: 65001,
        routerId: "1.1.1.1",
        peers: [
          peer({
            name: "b",
            address: "127.0.0.2",
            peerASN: 65099,
            peerPort: portB,
            localAddress: "127.0.0.1",
          }),
        ],
      }),
    );
    const rb = await startSpeaker(
      speakerConfig("node-b", {
        name: "b",
        localASN: 65002,
        routerId: "2.2.2.2",
        localPort: portB,
        peers: [peer({ name: "a", address: "127.0.0.1", peerASN: 65001, peerPort: portA })],
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
