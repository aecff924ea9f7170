import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  frrNeighborReasons,
  frrSummarySessions,
  lastLogLineAbout,
  speakerSessions,
  type BgpSession,
  type SessionSnapshot,
} from "../../../src/lab/sessions.js";
import { convergencePollMs, waitForConvergence } from "../../../src/lab/wait.js";
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

  it("returns as soon as every session is Established, with counts", async () => {
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
    expect(summary).toMatchObject({ converged: true, up: 2, prefixesReceived: 4, elapsedMs: 500, down: [] });
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
        const up = i++ === 3;
        return { sessions: [session("net0", up ? "Established" : "Active")], problems: [] };
      },
    });
    expect(clock.sleeps).toEqual([50, 160, 250]);
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
