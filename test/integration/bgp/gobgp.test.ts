// The speaker against GoBGP 3 (gobgpd) in a namespace pair: eBGP over IPv4 and iBGP over IPv6,
// IPv4 and IPv6 unicast on both. GoBGP must see our PodCIDRs with their standard and large
// communities (LOCAL_PREF on iBGP only, RFC 4271 §5.1.5), we must see the routes added with
// `gobgp global rib add`, and a reload that drops an advertisement must withdraw it at GoBGP.
import { afterEach, describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { GobgpPeer, SpeakerProcess, createPair, destroyPair, eventually } from "../../support/bgp-peers.js";

let pair: NetPair | undefined;
let gobgp: GobgpPeer | undefined;
let speaker: SpeakerProcess | undefined;

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") {
    process.stderr.write(`--- speaker log\n${speaker?.log ?? ""}\n--- gobgpd log\n${gobgp?.log ?? ""}\n`);
  }
  await speaker?.stop().catch(() => undefined);
  await gobgp?.stop().catch(() => undefined);
  if (pair) await destroyPair(pair);
  speaker = gobgp = pair = undefined;
});

const LOCAL_ASN = 65001;

function config(
  peerAddress: string,
  peerAsn: number,
  routerId: string,
  v4: string[],
  v6: string[],
): SpeakerConfig {
  const attributes = (community: string) => ({
    standardCommunities: [community],
    largeCommunities: ["65001:7:8"],
    localPreference: 260,
  });
  const peer: PeerConfig = {
    name: "tor0",
    address: peerAddress,
    peerASN: peerAsn,
    peerPort: 179,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
    ebgpMultihop: 1,
    // These tests look at the routes the speaker learns: the opt-in beyond Cilium's default.
    inbound: { mode: "import", maxPrefixes: 1000 },
    families: [
      {
        afi: "ipv4",
        safi: "unicast",
        advertisements: [{ type: "PodCIDR", prefixes: v4, attributes: attributes("65000:99") }],
      },
      {
        afi: "ipv6",
        safi: "unicast",
        advertisements: [{ type: "PodCIDR", prefixes: v6, attributes: attributes("65000:66") }],
      },
    ],
  };
  return {
    node: "kind-worker",
    instances: [{ name: "i", localASN: LOCAL_ASN, routerId, peers: [peer] }],
  };
}

function gobgpConf(p: NetPair, asn: number, neighbor: string): string {
  return `[global.config]
  as = ${asn}
  router-id = "${p.peerV4}"
  port = 179
  local-address-list = ["${p.peerV4}", "${p.peerV6}"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "${neighbor}"
    peer-as = ${LOCAL_ASN}
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 3
    keepalive-interval = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
`;
}

/** One path of `gobgp global rib -j`: attributes as GoBGP decoded them from our UPDATE. */
interface GobgpPath {
  readonly "neighbor-ip"?: string;
  readonly attrs: readonly {
    readonly type: number;
    readonly communities?: readonly number[];
    readonly value?: unknown;
    readonly nexthop?: string;
    readonly as_paths?: readonly { readonly asns: readonly number[] }[];
  }[];
}

async function gobgpRib(g: GobgpPeer, afi: "ipv4" | "ipv6"): Promise<Record<string, GobgpPath[]>> {
  const text = await g.gobgp("global", "rib", "-a", afi, "-j");
  return text.trim() === "" ? {} : (JSON.parse(text) as Record<string, GobgpPath[]>);
}

/** The path GoBGP learned from our speaker for a prefix, if any. */
async function ours(g: GobgpPeer, prefix: string, from: string): Promise<GobgpPath | undefined> {
  const rib = await gobgpRib(g, prefix.includes(":") ? "ipv6" : "ipv4");
  return rib[prefix]?.find((p) => p["neighbor-ip"] === from);
}

const attr = (p: GobgpPath | undefined, type: number) => p?.attrs.find((a) => a.type === type);
const community = (text: string) => text.split(":").reduce((n, part) => n * 0x10000 + Number(part), 0);

async function setUp(
  asn: number,
  transport: "ipv4" | "ipv6",
): Promise<{ p: NetPair; g: GobgpPeer; s: SpeakerProcess; ourAddress: string }> {
  const p = (pair = await createPair());
  const [ourAddress, theirAddress] = transport === "ipv4" ? [p.speakerV4, p.peerV4] : [p.speakerV6, p.peerV6];
  const g = (gobgp = new GobgpPeer(p, gobgpConf(p, asn, ourAddress)));
  g.start();
  const s = (speaker = new SpeakerProcess(
    p,
    config(theirAddress, asn, p.speakerV4, ["10.1.1.0/24", "10.1.2.0/24"], ["fd01:1::/64"]),
  ));
  s.start();
  await eventually(
    "Established",
    () => s.peers(),
    (rows) => rows[0]?.state === "established",
    20000,
  );
  // GoBGP's own view of the session: state 6 is ESTABLISHED in its API (gobgp.proto).
  const [neighbor] = JSON.parse(await g.gobgp("neighbor", "-j")) as {
    state: { session_state: number; peer_asn: number };
  }[];
  expect(neighbor?.state).toMatchObject({ session_state: 6, peer_asn: LOCAL_ASN });
  return { p, g, s, ourAddress };
}

describe("speaker against GoBGP", () => {
  it("eBGP over IPv4: GoBGP gets our PodCIDRs with communities, we get its routes, reload withdraws", async () => {
    const { p, g, s, ourAddress } = await setUp(65010, "ipv4");
    const v4 = await eventually(
      "GoBGP has 10.1.1.0/24",
      () => ours(g, "10.1.1.0/24", ourAddress),
      (r) => r !== undefined,
    );
    expect(attr(v4, 2)?.as_paths?.[0]?.asns).toEqual([LOCAL_ASN]);
    expect(attr(v4, 3)?.nexthop).toBe(p.speakerV4);
    expect(attr(v4, 8)?.communities).toEqual([community("65000:99")]);
    expect(attr(v4, 32)?.value).toEqual([{ ASN: 65001, LocalData1: 7, LocalData2: 8 }]);
    expect(attr(v4, 5)).toBeUndefined(); // no LOCAL_PREF over eBGP
    const v6 = await eventually(
      "GoBGP has fd01:1::/64",
      () => ours(g, "fd01:1::/64", ourAddress),
      (r) => r !== undefined,
    );
    expect(attr(v6, 14)?.nexthop).toBe(p.speakerV6); // MP_REACH, our address on the same link
    expect(attr(v6, 8)?.communities).toEqual([community("65000:66")]);

    await g.gobgp("global", "rib", "add", "-a", "ipv4", "10.60.0.0/24", "community", "65010:1");
    await g.gobgp("global", "rib", "add", "-a", "ipv6", "fd60::/64");
    const avail = await eventually(
      "GoBGP's routes at the speaker",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "10.60.0.0/24") && r.some((x) => x.prefix === "fd60::/64"),
    );
    expect(avail.find((r) => r.prefix === "10.60.0.0/24")).toMatchObject({
      nextHop: p.peerV4,
      asPath: "65010",
      communities: ["65010:1"],
      from: p.peerV4,
    });
    expect(avail.find((r) => r.prefix === "fd60::/64")).toMatchObject({ asPath: "65010", from: p.peerV4 });

    // Withdrawal: drop 10.1.2.0/24 and the IPv6 PodCIDR, SIGHUP; GoBGP loses exactly those.
    s.write(config(p.peerV4, 65010, p.speakerV4, ["10.1.1.0/24"], []));
    s.signal("SIGHUP");
    await eventually(
      "withdrawals at GoBGP",
      async () => [await ours(g, "10.1.2.0/24", ourAddress), await ours(g, "fd01:1::/64", ourAddress)],
      (r) => r.every((x) => x === undefined),
    );
    expect(await ours(g, "10.1.1.0/24", ourAddress)).toBeDefined();
    expect((await s.peers())[0]?.state).toBe("established");
  });

  it("iBGP over IPv6: GoBGP sees LOCAL_PREF and communities on both families", async () => {
    const { p, g, s, ourAddress } = await setUp(LOCAL_ASN, "ipv6");
    const v4 = await eventually(
      "GoBGP has 10.1.1.0/24",
      () => ours(g, "10.1.1.0/24", ourAddress),
      (r) => r !== undefined,
    );
    expect(attr(v4, 5)?.value).toBe(260);
    expect(attr(v4, 2)?.as_paths ?? []).toEqual([]); // iBGP: our AS is not prepended
    expect(attr(v4, 8)?.communities).toEqual([community("65000:99")]);
    expect(attr(v4, 32)?.value).toEqual([{ ASN: 65001, LocalData1: 7, LocalData2: 8 }]);
    const v6 = await eventually(
      "GoBGP has fd01:1::/64",
      () => ours(g, "fd01:1::/64", ourAddress),
      (r) => r !== undefined,
    );
    expect(attr(v6, 5)?.value).toBe(260);
    expect(attr(v6, 14)?.nexthop).toBe(p.speakerV6);

    await g.gobgp("global", "rib", "add", "-a", "ipv6", "fd61::/64", "local-pref", "170");
    const avail = await eventually(
      "GoBGP's route at the speaker",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "fd61::/64"),
    );
    expect(avail.find((r) => r.prefix === "fd61::/64")).toMatchObject({
      localPref: 170,
      asPath: "",
      from: p.peerV6,
    });
  });
});
