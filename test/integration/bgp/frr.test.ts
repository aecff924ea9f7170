// The speaker against real FRR 8.4 (zebra + bgpd) in a namespace pair: eBGP and iBGP, IPv4 and
// IPv6, communities and LOCAL_PREF seen by FRR, FRR's routes seen by us, withdrawal on reload,
// peer death (frozen, then SIGKILL while Established) detected within the hold time and
// recovery, Cease on shutdown.
import { afterEach, describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import type { FrrPeer, NetPair } from "../../support/bgp-peers.js";
import { eventually } from "../../support/bgp-peers.js";
import { FrrPair, type FrrPairParts, frrNeighborConf } from "../../support/frr-pair.js";

const rig = new FrrPair();
afterEach(() => rig.release());

const attrs = (communities: string[], localPreference?: number) => ({
  standardCommunities: communities,
  largeCommunities: ["65001:1:2"],
  ...(localPreference === undefined ? {} : { localPreference }),
});

function config(
  p: NetPair,
  peerAsn: number,
  v4: string[],
  v6: string[],
  inbound: PeerConfig["inbound"] = { mode: "import", maxPrefixes: 1000 },
): SpeakerConfig {
  const peer: PeerConfig = {
    name: "tor0",
    address: p.peerV4,
    peerASN: peerAsn,
    peerPort: 179,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
    ebgpMultihop: 1,
    // Most tests look at the routes the speaker learns: the opt-in beyond Cilium's default.
    ...(inbound ? { inbound } : {}),
    families: [
      {
        afi: "ipv4",
        safi: "unicast",
        advertisements: [{ type: "PodCIDR", prefixes: v4, attributes: attrs(["65000:99"], 250) }],
      },
      {
        afi: "ipv6",
        safi: "unicast",
        advertisements: [{ type: "PodCIDR", prefixes: v6, attributes: attrs(["65000:66"], 250) }],
      },
    ],
  };
  return {
    node: "kind-worker",
    instances: [{ name: "i", localASN: 65001, routerId: p.speakerV4, peers: [peer] }],
  };
}

function frrConf(p: NetPair, asn: number): string {
  return `${frrNeighborConf(p, { asn })} address-family ipv4 unicast
  network 10.50.0.0/24
 exit-address-family
 address-family ipv6 unicast
  neighbor ${p.speakerV4} activate
  network fd50::/64
 exit-address-family
`;
}

async function setUp(frrAsn: number, inbound?: PeerConfig["inbound"]): Promise<FrrPairParts> {
  const parts = await rig.start({
    // FRR's `network` statements need the prefixes in its RIB.
    prepare: async (p) => {
      const { execa } = await import("execa");
      await execa("ip", ["-n", p.peerNs, "route", "add", "blackhole", "10.50.0.0/24"]);
      await execa("ip", ["-n", p.peerNs, "-6", "route", "add", "blackhole", "fd50::/64"]);
    },
    frrConf: (p) => frrConf(p, frrAsn),
    speaker: (p) =>
      config(p, frrAsn, ["10.1.1.0/24", "10.1.2.0/24"], ["fd01:1::/64"], ...(inbound ? [inbound] : [])),
  });
  await eventually(
    "Established",
    () => parts.s.peers(),
    (rows) => rows[0]?.state === "established",
  );
  process.stderr.write(
    `[frr ${frrAsn === 65001 ? "iBGP" : "eBGP"}] start to Established: ${Date.now() - parts.startedAt} ms\n`,
  );
  return parts;
}

async function frrRoute(f: FrrPeer, prefix: string): Promise<string> {
  return f.vtysh(`show bgp ${prefix.includes(":") ? "ipv6" : "ipv4"} unicast ${prefix}`);
}

describe("speaker against FRR", () => {
  it("eBGP: exchanges IPv4 and IPv6 routes with communities, withdraws on reload, recovers after FRR dies", async () => {
    const { p, f, s } = await setUp(65010);
    const v4 = await eventually(
      "FRR has 10.1.1.0/24",
      () => frrRoute(f, "10.1.1.0/24"),
      (t) => t.includes("65000:99"),
    );
    expect(v4).toContain("Large Community: 65001:1:2");
    expect(v4).toMatch(/^\s+65001$/m); // AS_PATH is our AS alone
    expect(v4).not.toContain("localpref 250"); // no LOCAL_PREF over eBGP
    const v6 = await eventually(
      "FRR has fd01:1::/64",
      () => frrRoute(f, "fd01:1::/64"),
      (t) => t.includes("65000:66"),
    );
    expect(v6).toContain("best");

    const avail = await eventually(
      "FRR's routes",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "10.50.0.0/24") && r.some((x) => x.prefix === "fd50::/64"),
    );
    expect(avail.find((r) => r.prefix === "10.50.0.0/24")).toMatchObject({
      nextHop: p.peerV4,
      asPath: "65010",
      from: p.peerV4,
    });

    // Reload without 10.1.2.0/24: FRR loses it, keeps 10.1.1.0/24, the session stays up.
    const uptimeBefore = (await s.peers())[0]?.uptimeMs ?? 0;
    s.write(config(p, 65010, ["10.1.1.0/24"], ["fd01:1::/64"]));
    s.signal("SIGHUP");
    await eventually(
      "withdrawal at FRR",
      () => frrRoute(f, "10.1.2.0/24").catch(() => "Network not in table"),
      (t) => t.includes("not in table"),
    );
    expect(await frrRoute(f, "10.1.1.0/24")).toContain("best");
    expect(((await s.peers())[0]?.uptimeMs ?? 0) >= uptimeBefore).toBe(true);

    // FRR freezes (connection open, nothing sent): we leave Established within the 3 s hold time.
    f.freezeBgpd();
    const killedAt = Date.now();
    await eventually(
      "session down",
      () => s.peers(),
      (r) => r[0]?.state !== "established",
      6000,
    );
    const downMs = Date.now() - killedAt;
    expect(downMs).toBeLessThan(4500);
    expect(s.log).toContain("Hold Timer Expired");
    expect((await s.routes("available")).some((r) => r.from === p.peerV4)).toBe(false);
    // Then it dies and comes back: we reconnect (ConnectRetry 1 s) and re-advertise.
    f.killBgpd();
    await f.restartBgpd();
    await eventually(
      "re-Established",
      () => s.peers(),
      (r) => r[0]?.state === "established",
      20000,
    );
    await eventually(
      "FRR relearns 10.1.1.0/24",
      () => frrRoute(f, "10.1.1.0/24"),
      (t) => t.includes("best"),
    );

    // SIGKILL while Established: no NOTIFICATION, the kernel closes bgpd's socket. We leave
    // Established within the hold time and drop FRR's routes (FRR in its default helper-only
    // graceful-restart mode announces no families to preserve, RFC 4724 §4.2).
    await eventually(
      "FRR's routes back",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "10.50.0.0/24") && r.some((x) => x.prefix === "fd50::/64"),
    );
    f.killBgpd();
    const sigkillAt = Date.now();
    await eventually(
      "session down after SIGKILL",
      () => s.peers(),
      (r) => r[0]?.state !== "established",
      6000,
    );
    expect(Date.now() - sigkillAt).toBeLessThan(3000);
    await eventually(
      "FRR's routes gone",
      () => s.routes("available"),
      (r) => !r.some((x) => x.from === p.peerV4),
      3000,
    );
    await f.restartBgpd();
    await eventually(
      "re-Established after SIGKILL",
      () => s.peers(),
      (r) => r[0]?.state === "established",
      20000,
    );
    await eventually(
      "FRR's routes learned again",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "10.50.0.0/24" && x.from === p.peerV4 && !x.stale),
    );

    await s.stop();
    expect(s.log).toContain("sent NOTIFICATION Cease/Administrative Shutdown");
    expect(s.log).toContain("speaker stopped");
  });

  it("iBGP: FRR sees LOCAL_PREF and communities", async () => {
    const { f } = await setUp(65001);
    const v4 = await eventually(
      "FRR has 10.1.1.0/24",
      () => frrRoute(f, "10.1.1.0/24"),
      (t) => t.includes("best"),
    );
    expect(v4).toContain("localpref 250");
    expect(v4).toContain("internal");
    expect(v4).toContain("Community: 65000:99");
  });

  it("Cilium's default: FRR's routes are counted as received, not kept, not in routes available", async () => {
    const { s } = await setUp(65010, { mode: "reject" });
    const peers = await eventually(
      "FRR's routes counted",
      () => s.peers(),
      (rows) => rows.map((r) => r.received).join() === "1,1",
    );
    expect(peers.map((r) => [r.family, r.received])).toEqual([
      ["ipv4/unicast", 1],
      ["ipv6/unicast", 1],
    ]);
    expect((await s.routes("available")).map((r) => r.from)).toEqual(["local", "local", "local"]);
  });
});
