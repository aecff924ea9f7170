// TCP-MD5 (RFC 2385) against real FRR 8.4 (`neighbor … password`): with the same password both
// sides sign, and the session comes up; each of the three mismatches leaves it down, and the
// speaker names which one from the kernel's counters in its namespace (TCPMD5NotFound,
// TCPMD5Unexpected, TCPMD5Failure), in `peers` and in its log.
import { afterEach, describe, expect, it } from "vitest";
import type { PeerConfig, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { eventually } from "../../support/bgp-peers.js";
import { FrrPair, frrNeighborConf } from "../../support/frr-pair.js";

const rig = new FrrPair();
afterEach(() => rig.release());

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
  const head = frrNeighborConf(p, { keepalive: 3, hold: 9 });
  return password === undefined ? head : `${head} neighbor ${p.speakerV4} password ${password}\n`;
}

function run(speakerPassword: string | undefined, frrPassword: string | undefined) {
  return rig.start({
    prefix: "bs-md5",
    frrConf: (p) => frrConf(p, frrPassword),
    speaker: (p) => config(p, speakerPassword),
  });
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
