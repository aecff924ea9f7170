import { describe, expect, it } from "vitest";
import { FakeClock, OPEN_HOLD_TIME_MS, PeerFsm } from "../../../../src/bgp/fsm/index.js";
import { context, establish, harness, peerOpen } from "./support.js";

describe("PeerFsm happy paths", () => {
  it("connects, exchanges OPENs and becomes Established (active)", () => {
    const h = harness();
    h.fsm.start();
    expect(h.fsm.state.name).toBe("Connect");
    expect(h.types()).toEqual(["connect"]);
    expect(h.fsm.timerDeadline("connectRetry")).toBe(120_000);

    h.fsm.handle({ type: "Tcp_CR_Acked" });
    expect(h.fsm.state.name).toBe("OpenSent");
    expect(h.types()).toEqual(["connect", "send-open"]);
    expect(h.actions[1]).toEqual({
      type: "send-open",
      open: {
        version: 4,
        asn: 65010,
        holdTime: 90,
        bgpId: "10.0.0.1",
        capabilities: context().localCapabilities,
      },
    });
    expect(h.fsm.timerDeadline("connectRetry")).toBeUndefined();
    expect(h.fsm.timerDeadline("hold")).toBe(OPEN_HOLD_TIME_MS);

    h.fsm.handle({ type: "BGPOpen", open: peerOpen({ holdTime: 30 }) });
    expect(h.fsm.state.name).toBe("OpenConfirm");
    expect(h.types()).toEqual(["connect", "send-open", "send-keepalive"]);
    expect(h.fsm.timerDeadline("hold")).toBe(30_000);
    expect(h.fsm.timerDeadline("keepalive")).toBe(10_000);

    h.fsm.handle({ type: "KeepAliveMsg" });
    expect(h.fsm.state.name).toBe("Established");
    const established = h.actions.at(-1);
    expect(established?.type).toBe("established");
    if (established?.type !== "established") throw new Error("unreachable");
    expect(established.session).toMatchObject({
      peerAsn: 65001,
      peerBgpId: "10.0.0.2",
      internal: false,
      holdTimeSeconds: 30,
      keepaliveSeconds: 10,
      fourOctetAs: true,
      routeRefresh: true,
      families: [{ afi: 1, safi: 1 }],
    });
  });

  it("waits in Active without connecting when passive, then accepts the peer's connection", () => {
    const h = harness(context({ passive: true }));
    h.fsm.start();
    expect(h.fsm.state.name).toBe("Active");
    expect(h.actions).toEqual([]);
    expect(h.fsm.timerDeadline("connectRetry")).toBeUndefined();
    h.clock.advance(3_600_000);
    expect(h.fsm.state.name).toBe("Active");
    expect(h.count("connect")).toBe(0);

    h.fsm.handle({ type: "TcpConnectionConfirmed" });
    h.fsm.handle({ type: "BGPOpen", open: peerOpen() });
    h.fsm.handle({ type: "KeepAliveMsg" });
    expect(h.fsm.state.name).toBe("Established");
    expect(h.types()).toEqual(["send-open", "send-keepalive", "established"]);
  });

  it("retries the connection when ConnectRetry expires in Connect", () => {
    const h = harness();
    h.fsm.start();
    h.clock.advance(120_000);
    expect(h.fsm.state.name).toBe("Connect");
    expect(h.types()).toEqual(["connect", "drop-connection", "connect"]);
  });
});

describe("PeerFsm timers", () => {
  it("sends a KEEPALIVE every negotiated interval", () => {
    const h = harness();
    establish(h, peerOpen({ holdTime: 90 }));
    h.clear();
    // Keep the session alive from the peer's side while we count our own keepalives.
    for (let s = 0; s < 300; s += 10) {
      h.clock.advance(10_000);
      h.fsm.handle({ type: "KeepAliveMsg" });
    }
    expect(h.count("send-keepalive")).toBe(10); // 300 s / 30 s
    expect(h.fsm.state.name).toBe("Established");
  });

  it("sends no KEEPALIVE while UPDATEs go out more often than the interval (RFC 4271 §8.2.2)", () => {
    const h = harness();
    establish(h);
    h.clear();
    for (let s = 0; s < 120; s += 20) {
      h.clock.advance(20_000);
      h.fsm.updateSent();
      h.fsm.handle({ type: "KeepAliveMsg" });
    }
    expect(h.count("send-keepalive")).toBe(0);
    h.clock.advance(30_000);
    expect(h.count("send-keepalive")).toBe(1);
  });

  it("uses the configured keepalive when it is below a third of the hold time", () => {
    const h = harness(context({ keepaliveTimeSeconds: 5 }));
    establish(h);
    h.clear();
    h.clock.advance(60_000);
    expect(h.count("send-keepalive")).toBe(12);
  });

  it("sends NOTIFICATION 4/0 and returns to Idle when the hold timer expires", () => {
    const h = harness();
    establish(h, peerOpen({ holdTime: 9 }));
    h.clear();
    h.clock.advance(8_999);
    expect(h.fsm.state.name).toBe("Established");
    h.clock.advance(1);
    expect(h.fsm.state.name).toBe("Idle");
    expect(h.actions).toContainEqual({
      type: "send-notification",
      code: 4,
      subcode: 0,
      data: new Uint8Array(),
    });
    expect(h.actions).toContainEqual({
      type: "session-down",
      reason: "hold timer expired",
      wasEstablished: true,
    });
    expect(h.types().indexOf("send-notification")).toBeLessThan(h.types().indexOf("drop-connection"));
    expect(h.clock.pending()).toBe(0);
  });

  it("runs neither keepalive nor hold timer when the hold time negotiates to 0", () => {
    const h = harness(context({ holdTimeSeconds: 0 }));
    establish(h, peerOpen({ holdTime: 90 }));
    expect(h.fsm.state.name).toBe("Established");
    expect(h.fsm.timerDeadline("keepalive")).toBeUndefined();
    expect(h.fsm.timerDeadline("hold")).toBeUndefined();
    h.clear();
    h.clock.advance(24 * 3_600_000);
    expect(h.actions).toEqual([]);
    expect(h.fsm.state.name).toBe("Established");
  });

  it("restarts the hold timer on every KEEPALIVE and UPDATE", () => {
    const h = harness();
    establish(h, peerOpen({ holdTime: 9 }));
    h.clock.advance(8_000);
    h.fsm.handle({ type: "UpdateMsg" });
    h.clock.advance(8_000);
    h.fsm.handle({ type: "KeepAliveMsg" });
    h.clock.advance(8_000);
    expect(h.fsm.state.name).toBe("Established");
    expect(h.count("process-update")).toBe(1);
  });

  it("jitters ConnectRetry between 75% and 100% of its value (RFC 4271 §10)", () => {
    const deadlines = [0, 0.5, 0.999999].map((r) => {
      const h = harness(context({ random: () => r, connectRetryTimeSeconds: 120 }));
      h.fsm.start();
      return h.fsm.timerDeadline("connectRetry");
    });
    expect(deadlines).toEqual([120_000, 105_000, 90_000]);
    let seed = 1;
    const lcg = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 200; i++) {
      const h = harness(context({ random: lcg, connectRetryTimeSeconds: 10 }));
      h.fsm.start();
      const d = h.fsm.timerDeadline("connectRetry") ?? -1;
      expect(d).toBeGreaterThanOrEqual(7_500);
      expect(d).toBeLessThanOrEqual(10_000);
    }
  });
});

describe("PeerFsm restarts and stops", () => {
  it("restarts automatically after a failure, but not after ManualStop", () => {
    const h = harness(context(), 5_000);
    establish(h);
    h.fsm.handle({ type: "TcpConnectionFails" });
    expect(h.fsm.state.name).toBe("Idle");
    h.clear();
    h.clock.advance(5_000);
    expect(h.fsm.state.name).toBe("Connect");
    expect(h.types()).toEqual(["connect"]);

    h.fsm.stop();
    h.clear();
    h.clock.advance(600_000);
    expect(h.fsm.state.name).toBe("Idle");
    expect(h.actions).toEqual([]);
  });

  it("cancels a pending automatic restart on ManualStop in Idle, and on ManualStart", () => {
    const h = harness(context(), 5_000);
    establish(h);
    h.fsm.handle({ type: "HoldTimer_Expires" });
    h.fsm.stop();
    h.clear();
    h.clock.advance(60_000);
    expect(h.fsm.state.name).toBe("Idle");
    expect(h.actions).toEqual([]);

    h.fsm.start();
    h.fsm.handle({ type: "TcpConnectionFails" });
    h.fsm.start(); // the operator restarts before the idle hold ends
    h.clear();
    h.clock.advance(5_000);
    expect(h.count("connect")).toBe(0);
    expect(h.fsm.state.name).toBe("Connect");
  });

  it("queues events raised from inside an action callback", () => {
    // A session layer whose connect fails synchronously: the failure is handled after the
    // connect action, never in the middle of the Idle → Connect transition.
    const seen: string[] = [];
    const fsm: PeerFsm = new PeerFsm({
      context: context(),
      scheduler: new FakeClock(),
      onAction: (a) => {
        seen.push(`${fsm.state.name}:${a.type}`);
        if (a.type === "connect") fsm.handle({ type: "TcpConnectionFails" });
      },
    });
    fsm.start();
    expect(fsm.state.name).toBe("Idle");
    expect(seen).toEqual([
      "Connect:connect",
      "Idle:release-resources",
      "Idle:drop-connection",
      "Idle:session-down",
    ]);
  });
});
