// The speaker against BIRD 2 with 4-octet AS disabled (`enable as4 off`): a 2-octet-only peer
// (RFC 6793 §4.2 "OLD" speaker) must still establish and exchange routes.
import { afterEach, describe, expect, it } from "vitest";
import type { NetPair } from "../../support/bgp-peers.js";
import { BirdPeer, SpeakerProcess, createPair, destroyPair, eventually } from "../../support/bgp-peers.js";

let pair: NetPair | undefined;
let bird: BirdPeer | undefined;
let speaker: SpeakerProcess | undefined;

afterEach(async () => {
  await speaker?.stop();
  bird?.stop();
  if (pair) await destroyPair(pair);
  speaker = bird = pair = undefined;
});

describe("speaker against BIRD", () => {
  it("eBGP with a 2-octet-only peer: routes both ways, communities intact", async () => {
    const p = (pair = await createPair());
    const b = (bird = new BirdPeer(
      p,
      `router id ${p.peerV4};
protocol device {}
protocol static { ipv4; route 10.60.0.0/24 blackhole; }
protocol bgp speaker {
  local ${p.peerV4} as 65020;
  neighbor ${p.speakerV4} as 65001;
  enable as4 off;
  hold time 3; keepalive time 1;
  ipv4 { import all; export all; };
}
`,
    ));
    await b.start();
    const s = (speaker = new SpeakerProcess(p, {
      node: "kind-worker",
      instances: [
        {
          name: "i",
          localASN: 65001,
          routerId: p.speakerV4,
          peers: [
            {
              name: "bird",
              address: p.peerV4,
              peerASN: 65020,
              peerPort: 179,
              timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 },
              ebgpMultihop: 1,
              // These tests look at the routes the speaker learns: the opt-in beyond Cilium's default.
              inbound: { mode: "import", maxPrefixes: 1000 },
              families: [
                {
                  afi: "ipv4",
                  safi: "unicast",
                  advertisements: [
                    {
                      type: "PodCIDR",
                      prefixes: ["10.1.7.0/24"],
                      attributes: { standardCommunities: ["65000:99"], largeCommunities: [] },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }));
    s.start();
    await eventually(
      "Established",
      () => s.peers(),
      (r) => r[0]?.state === "established",
    );
    expect(s.log).toContain("2-octet AS");
    const routes = await eventually(
      "BIRD's route",
      () => s.routes("available"),
      (r) => r.some((x) => x.prefix === "10.60.0.0/24"),
    );
    expect(routes.find((r) => r.prefix === "10.60.0.0/24")).toMatchObject({
      asPath: "65020",
      nextHop: p.peerV4,
    });
    const shown = await eventually(
      "BIRD has 10.1.7.0/24",
      () => b.birdc("show", "route", "10.1.7.0/24", "all"),
      (t) => t.includes("65001"),
    );
    expect(shown).toContain("(65000,99)");
  });
});
