import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  frrNeighborReasons,
  frrSummarySessions,
  lastLogLineAbout,
  importsAny,
  isExchanging,
  speakerSessions,
  withEndOfRib,
  type BgpSession,
  type SessionSnapshot,
} from "../../../src/lab/sessions.js";
import { convergencePollMs, waitForConvergence } from "../../../src/lab/wait.js";
import type { InboundPolicy, SpeakerConfig } from "../../../src/bgp/config/speaker-config.js";
import { FakeClock } from "../../support/fake-clock.js";

const observed = (f: string) => readFileSync(`test/fixtures/checks/observed/${f}`, "utf8");

describe("sessions from FRR", () => {
  it("lists every configured neighbor once, summing prefixes across families", () => {
    const sessions = frrSummarySessions("tor1", observed("frr-summary-tor1-down.json"));
    expect(sessions).toEqual([
      {
        node: "tor1",
        peer: "net0",
        source: "frr",
        state: "Established",
        peerName: "router0",
        received: 10,
        sent: 12,
      },
      { node: "tor1", peer: "10.0.3.2", source: "frr", state: "Active", received: 0, sent: 0 },
      {
        node: "tor1",
        peer: "10.0.4.2",
        source: "frr",
        state: "Established",
        peerName: "kind-worker3",
        received: 1,
        sent: 11,
      },
    ]);
  });

  it("reads the existing reference summary too", () => {
    const sessions = frrSummarySessions("router0", observed("frr-summary.json"));
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.node === "router0" && s.source === "frr")).toBe(true);
  });

  it("explains neighbors from FRR's reset and notification fields", () => {
    const reasons = frrNeighborReasons(observed("frr-neighbors-down.json"));
    expect(reasons.get("10.0.3.2")).toBe("last reset: Waiting for peer OPEN (7 s ago); never established");
    expect(reasons.get("net0")).toBe(
      "last notification: Cease/Administrative Shutdown; error code/subcode 0602; last reset: NOTIFICATION received (2 s ago)",
    );
    expect(reasons.has("10.0.4.2")).toBe(false);
  });
});

describe("End-of-RIB from FRR (recorded on tor0 of the reference lab, 0.3 s apart, then settled)", () => {
  const tor0 = (file: string) =>
    withEndOfRib(
      ["net0", "10.0.1.2", "10.0.2.2"].map((peer): BgpSession => ({
        node: "tor0",
        peer,
        source: "frr",
        state: "Established",
        received: 0,
        sent: 0,
      })),
      observed(file),
      "tor0",
    );

  it("reads each neighbor's End-of-RIB both ways, from right after Established to done", () => {
    const eor = (file: string) => tor0(file).map((s) => [s.peer, s.endOfRib]);
    // Every session Established, no initial table out yet (FRR's update-group coalesce time).
    expect(eor("frr-neighbors-eor-pending.json")).toEqual([
      ["net0", { sent: false, received: false }],
      ["10.0.1.2", { sent: false, received: true }],
      ["10.0.2.2", { sent: false, received: true }],
    ]);
    expect(eor("frr-neighbors-eor-partial.json")).toEqual([
      ["net0", { sent: true, received: true }],
      ["10.0.1.2", { sent: false, received: true }],
      ["10.0.2.2", { sent: false, received: true }],
    ]);
    expect(eor("frr-neighbors-eor-done.json").map(([, e]) => e)).toEqual([
      { sent: true, received: true },
      { sent: true, received: true },
      { sent: true, received: true },
    ]);
  });

  it("does not wait for FRR's table towards a speaker that discards what it receives, only for the speaker's", () => {
    const nodes = [
      { node: "tor0", peer: "10.0.1.2", peerName: "kind-control-plane" },
      { node: "tor0", peer: "10.0.2.2", peerName: "kind-worker" },
    ].map((x): BgpSession => ({ ...x, source: "frr", state: "Established", received: 1, sent: 0 }));
    // Right after Established: each speaker's table is in (End-of-RIB received), FRR's not yet out.
    const pending = observed("frr-neighbors-eor-pending.json");
    const discarding = withEndOfRib(nodes, pending, "tor0", new Set(["kind-control-plane"]));
    expect(discarding.map((s) => [s.peer, s.peerDiscardsRoutes, isExchanging(s)])).toEqual([
      ["10.0.1.2", true, false],
      ["10.0.2.2", undefined, true],
    ]);
    // The speaker's own table not in yet: waited for, whatever the speaker does with routes.
    const speakerPending = { ...discarding[0]!, endOfRib: { sent: true, received: false } };
    expect(isExchanging(speakerPending)).toBe(true);
  });

  it("tells a speaker that imports on any peer from one that rejects everything (Cilium's default)", () => {
    const timers = { connectRetryTimeSeconds: 5, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 };
    const config = (inbound?: InboundPolicy): SpeakerConfig => ({
      node: "kind-worker",
      instances: [
        {
          name: "i",
          localASN: 65010,
          routerId: "10.0.2.2",
          peers: [
            {
              name: "tor",
              address: "10.0.0.1",
              peerASN: 65010,
              peerPort: 179,
              timers,
              ebgpMultihop: 1,
              families: [],
              ...(inbound && { inbound }),
            },
          ],
        },
      ],
    });
    expect(importsAny(config())).toBe(false);
    expect(importsAny(config({ mode: "reject" }))).toBe(false);
    expect(importsAny(config({ mode: "import", maxPrefixes: 10 }))).toBe(true);
  });

  it("leaves a neighbor without graceful-restart state (no End-of-RIB tracked) as it was", () => {
    const session: BgpSession = {
      node: "tor0",
      peer: "10.9.9.9",
      source: "frr",
      state: "Established",
      received: 1,
      sent: 1,
    };
    expect(withEndOfRib([session], observed("frr-neighbors-down.json"), "tor0")).toEqual([session]);
  });
});

describe("sessions from the speakers", () => {
  it("maps peers rows, and finds the last log line about a peer", () => {
    const [s] = speakerSessions([
      {
        node: "kind-worker2",
        localAsn: 65011,
        peerAsn: 65099,
        peerAddress: "10.0.0.2",
        peerName: "peer-65011-rack1",
        state: "idle",
        family: "ipv4/unicast",
        received: 0,
        advertised: 0,
      },
    ]);
    expect(s).toEqual({
      node: "kind-worker2",
      peer: "10.0.0.2",
      source: "speaker",
      state: "idle",
      peerName: "peer-65011-rack1",
      received: 0,
      sent: 0,
    });
    const log = [
      "2026-11-24T05:43:21.830Z info speaker for node kind-worker2 started: 1 instance(s), 1 peer(s)",
      "2026-11-24T05:43:21.924Z info peer peer-65011-rack1 (10.0.0.2): sent NOTIFICATION OPEN Message Error/Bad Peer AS",
      "2026-11-24T05:43:21.924Z info peer peer-65011-rack1 (10.0.0.2): outgoing connection closed: OPEN rejected: peer announced AS 65011, expected AS 65099",
      "2026-11-24T05:43:22.000Z info peer other (10.0.0.20): something else",
      "",
    ].join("\n");
    expect(lastLogLineAbout(log, "10.0.0.2")).toContain("expected AS 65099");
    expect(lastLogLineAbout(log, "10.0.0.9")).toBeUndefined();
  });
});

describe("waiting for convergence", () => {
  const session = (peer: string, state: string): BgpSession => ({
    node: "tor1",
    peer,
    source: "frr",
    state,
    received: state === "Established" ? 2 : 0,
    sent: 0,
  });

  const exchanged = { sent: true, received: true };

  it("returns one look after every session is Established with unchanged counts", async () => {
    const looks: SessionSnapshot[] = [
      { sessions: [session("net0", "Established"), session("10.0.3.2", "Connect")], problems: [] },
      { sessions: [session("net0", "Established"), session("10.0.3.2", "OpenSent")], problems: [] },
      { sessions: [session("net0", "Established"), session("10.0.3.2", "Established")], problems: [] },
    ];
    let i = 0;
    const summary = await waitForConvergence(60_000, {
      clock: new FakeClock(),
      pollMs: 250,
      snapshot: async () => looks[Math.min(i++, looks.length - 1)] as SessionSnapshot,
    });
    // All up at 500 ms; the look at 750 ms finds the same counts.
    expect(summary).toMatchObject({ converged: true, up: 2, prefixesReceived: 4, elapsedMs: 750, down: [] });
  });

  it("does not return while a session is Established but its End-of-RIB has not gone both ways", async () => {
    const at = (sent: boolean, received: boolean): SessionSnapshot => ({
      sessions: [
        { ...session("net0", "Established"), endOfRib: exchanged },
        { ...session("10.0.3.2", "Established"), endOfRib: { sent, received } },
      ],
      problems: [],
    });
    const looks = [at(false, false), at(false, true), at(false, true), at(true, true), at(true, true)];
    let i = 0;
    const summary = await waitForConvergence(60_000, {
      clock: new FakeClock(),
      pollMs: 250,
      snapshot: async () => looks[Math.min(i++, looks.length - 1)] as SessionSnapshot,
    });
    expect(summary).toMatchObject({ converged: true, elapsedMs: 1000, exchanging: [] });

    const stuck = await waitForConvergence(1000, {
      clock: new FakeClock(),
      snapshot: async () => at(true, false),
    });
    expect(stuck.converged).toBe(false);
    expect(stuck.down).toEqual([]);
    expect(stuck.exchanging.map((s) => s.peer)).toEqual(["10.0.3.2"]);
  });

  it("waits while prefixes still move after every End-of-RIB (a route forwarded as a plain UPDATE)", async () => {
    const withCounts = (received: number): SessionSnapshot => ({
      sessions: [{ ...session("net0", "Established"), received, endOfRib: exchanged }],
      problems: [],
    });
    // tor1 had sent its End-of-RIB before a node's PodCIDR reached it; the route follows.
    const looks = [withCounts(10), withCounts(11), withCounts(12), withCounts(12)];
    let i = 0;
    const summary = await waitForConvergence(60_000, {
      clock: new FakeClock(),
      pollMs: 250,
      snapshot: async () => looks[Math.min(i++, looks.length - 1)] as SessionSnapshot,
    });
    expect(summary).toMatchObject({ converged: true, elapsedMs: 750, prefixesReceived: 12, settled: true });

    // What flows towards speakers that discard it (FRR's late table to them) does not hold the wait.
    const toSpeaker = (count: number): SessionSnapshot => ({
      sessions: [
        { ...session("10.0.3.2", "Established"), sent: count, endOfRib: exchanged, peerDiscardsRoutes: true },
        { ...session("10.0.0.2", "Established"), source: "speaker", received: count, discardsRoutes: true },
      ],
      problems: [],
    });
    let k = 0;
    const discarded = await waitForConvergence(60_000, {
      clock: new FakeClock(),
      pollMs: 250,
      snapshot: async () => toSpeaker(k++),
    });
    expect(discarded).toMatchObject({ converged: true, elapsedMs: 250 });

    let n = 0;
    const moving = await waitForConvergence(1000, {
      clock: new FakeClock(),
      snapshot: async () => withCounts(n++),
    });
    expect(moving).toMatchObject({ converged: false, settled: false, down: [], exchanging: [] });
  });

  it("looks again after twice what a look took, between 50 and 250 ms", async () => {
    expect([0, 20, 25, 60, 125, 400].map(convergencePollMs)).toEqual([50, 50, 50, 120, 250, 250]);
    const clock = new FakeClock();
    const lookMs = [20, 80, 400];
    let i = 0;
    await waitForConvergence(60_000, {
      clock,
      snapshot: async () => {
        clock.time += lookMs[i] ?? 0;
        const up = i++ >= 3;
        return { sessions: [session("net0", up ? "Established" : "Active")], problems: [] };
      },
    });
    // Up at the fourth look; the counts are settled once a look finds them as they were at one
    // SETTLE_MS before (quick looks: every 50 ms until then).
    expect(clock.sleeps).toEqual([50, 160, 250, 50, 50, 50, 50, 50]);
  });

  it("times out naming what is still down; an unanswering node is not converged", async () => {
    const summary = await waitForConvergence(1000, {
      clock: new FakeClock(),
      snapshot: async () => ({
        sessions: [session("net0", "Established"), session("10.0.3.2", "Active")],
        problems: [{ node: "kind-worker2", message: "its speaker is stopped" }],
      }),
    });
    expect(summary.converged).toBe(false);
    expect(summary.elapsedMs).toBe(1000);
    expect(summary.down.map((s) => s.peer)).toEqual(["10.0.3.2"]);
    expect(summary.problems).toHaveLength(1);

    const onlyProblem = await waitForConvergence(0, {
      clock: new FakeClock(),
      snapshot: async () => ({
        sessions: [session("net0", "Established")],
        problems: [{ node: "x", message: "y" }],
      }),
    });
    expect(onlyProblem.converged).toBe(false);
  });

  it("counts a failing look as not converged, and a lab without BGP as converged", async () => {
    const failing = await waitForConvergence(500, {
      clock: new FakeClock(),
      snapshot: async () => {
        throw new Error("lab gone");
      },
    });
    expect(failing).toMatchObject({ converged: false, problems: [{ node: "(lab)", message: "lab gone" }] });
    const none = await waitForConvergence(500, {
      clock: new FakeClock(),
      snapshot: async () => ({ sessions: [], problems: [] }),
    });
    expect(none).toMatchObject({ converged: true, up: 0, elapsedMs: 0 });
  });
});
