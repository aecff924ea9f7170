// TCP-MD5 (RFC 2385) against real FRR 8.4 (`neighbor … password`): with the same password both
// sides sign, and the session comes up; each of the three mismatches leaves it down, and the
// speaker names which one from the kernel's counters in its namespace (TCPMD5NotFound,
// TCPMD5Unexpected, TCPMD5Failure), in `peers` and in its log.
import { afterEach, describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { FrrPeer, SpeakerProcess, createPair, destroyPair, eventually } from "../../support/bgp-peers.js";

let pair: NetPair | undefined;
let frr: FrrPeer | undefined;
let speaker: SpeakerProcess | undefined;

afterEach(async () => {
  await speaker?.stop();
  frr?.stop();
  if (pair) await destroyPair(pair);
  speaker = frr = pair = undefined;
});

function config(p: NetPair, password: string | undefined): SpeakerConfig {
  const peer: PeerConfig = {
    name: "tor0",
    address: p.peerV4,
    peerASN: 65010,
    peerPort: 179,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
    ebgpMultihop: 1,
    families: [
      {
        afi: "ipv4",
        safi: "unicast",
        advertisements: [
          {
            type: "PodCIDR",
            prefixes: ["10.1.1.0/24"],
            attributes: { standardCommunities: [], largeCommunities: [] },
          },
        ],
      },
    ],
    ...(password === undefined ? {} : { authSecretRef: "tor-password", password }),
  };
  // Listening (localPort) is what lets the kernel here see FRR's segments, and count them.
  return {
    node: "md5-node",
    instances: [{ name: "i", localASN: 65001, routerId: p.speakerV4, localPort: 179, peers: [peer] }],
  };
}

function frrConf(p: NetPair, password: string | undefined): string {
  return `router bgp 65010
 bgp router-id ${p.peerV4}
 no bgp ebgp-requires-policy
 neighbor ${p.speakerV4} remote-as 65001
 neighbor ${p.speakerV4} timers 3 9
 neighbor ${p.speakerV4} timers connect 1
${password === undefined ? "" : ` neighbor ${p.speakerV4} password ${password}\n`}`;
}

async function run(speakerPassword: string | undefined, frrPassword: string | undefined) {
  const p = (pair = await createPair("bs-md5"));
  const f = (frr = new FrrPeer(p, frrConf(p, frrPassword)));
  await f.start();
  const s = (speaker = new SpeakerProcess(p, config(p, speakerPassword)));
  s.start();
  return { p, f, s };
}

describe("TCP-MD5 against FRR", () => {
  it("the same password on both sides: Established, and FRR has the PodCIDR", async () => {
    const { f, s } = await run("s3cret-md5", "s3cret-md5");
    await eventually(
      "Established",
      () => s.peers(),
      (rows) => rows[0]?.state === "established",
      30_000,
    );
    await eventually(
      "FRR has 10.1.1.0/24",
      () => f.vtysh("show bgp ipv4 unicast 10.1.1.0/24"),
      (t) => t.includes("65001"),
    );
    // FRR saw the same: its neighbor is up with a password it checked on every segment.
    expect(await f.vtysh("show bgp neighbors")).toMatch(/BGP state = Established/);
  });

  const mismatches = [
    {
      title: "a password here, none on FRR",
      here: "only-here",
      there: undefined,
      reason: "a password is set here but 10.99.0.2 does not sign",
    },
    {
      title: "a password on FRR, none here",
      here: undefined,
      there: "only-there",
      reason: "10.99.0.2 signs its segments but no password is set for it here",
    },
    {
      title: "different passwords",
      here: "password-one",
      there: "password-two",
      reason: "the passwords differ",
    },
  ] as const;
  for (const m of mismatches) {
    it(`${m.title}: never Established, and the reason is named`, async () => {
      const { s } = await run(m.here, m.there);
      const rows = await eventually(
        `the reason "${m.reason}"`,
        () => s.peers(),
        (r) => r[0]?.reason?.includes(m.reason) ?? false,
        30_000,
      );
      expect(rows[0]?.state).not.toBe("established");
      // The speaker's stdout reaches this process after its control socket has answered.
      const log = await eventually(
        `the reason in the log`,
        async () => s.log,
        (l) => l.includes(m.reason),
        5_000,
      );
      expect(log).toContain(m.reason);
    });
  }
});
