import { describe, expect, it } from "vitest";
import { detectCollision, resolveCollision } from "../../../../src/bgp/fsm/index.js";
import { context, harness, peerOpen } from "./support.js";

const ids = (localBgpId: string, remoteBgpId: string, localAsn = 65010, remoteAsn = 65001) => ({
  localBgpId,
  remoteBgpId,
  localAsn,
  remoteAsn,
});

describe("resolveCollision (RFC 4271 §6.8)", () => {
  it("keeps our outgoing connection when our identifier is higher", () => {
    const d = resolveCollision(ids("10.0.0.2", "10.0.0.1"));
    expect(d).toMatchObject({ survivor: "outgoing", loser: "incoming" });
    expect(d.notification).toEqual({ code: 6, subcode: 7, data: new Uint8Array() });
  });

  it("keeps the peer's connection when its identifier is higher", () => {
    expect(resolveCollision(ids("10.0.0.1", "10.0.0.2")).survivor).toBe("incoming");
  });

  it("compares identifiers as unsigned 32-bit numbers, not strings or signed ints", () => {
    // 200.0.0.1 is above 2^31: a signed comparison would call it negative.
    expect(resolveCollision(ids("200.0.0.1", "9.0.0.1")).survivor).toBe("outgoing");
    // As strings "9.0.0.1" > "10.0.0.1"; as numbers it is smaller.
    expect(resolveCollision(ids("9.0.0.1", "10.0.0.1")).survivor).toBe("incoming");
  });

  it("falls back to the larger AS on equal identifiers (RFC 6286 §2.3)", () => {
    expect(resolveCollision(ids("1.1.1.1", "1.1.1.1", 65010, 65001)).survivor).toBe("outgoing");
    expect(resolveCollision(ids("1.1.1.1", "1.1.1.1", 65001, 65010)).survivor).toBe("incoming");
  });
});

describe("detectCollision", () => {
  const input = ids("10.0.0.1", "10.0.0.2");
  it("does nothing while the existing connection has not seen an OPEN", () => {
    for (const state of ["Idle", "Connect", "Active", "OpenSent"] as const) {
      expect(detectCollision({ state, direction: "outgoing" }, input)).toBeUndefined();
    }
  });

  it("compares identifiers against an existing OpenConfirm connection", () => {
    expect(detectCollision({ state: "OpenConfirm", direction: "outgoing" }, input)?.loser).toBe("outgoing");
  });

  it("always keeps an Established session and closes the new connection", () => {
    const d = detectCollision({ state: "Established", direction: "outgoing" }, input);
    expect(d).toMatchObject({ survivor: "outgoing", loser: "incoming" });
  });

  it("drives the losing connection's FSM to Idle with Cease 6/7 and leaves the winner Established", () => {
    const ctx = context({ localBgpId: "10.0.0.1" });
    const outgoing = harness(ctx);
    const incoming = harness(ctx);
    outgoing.fsm.start();
    outgoing.fsm.handle({ type: "Tcp_CR_Acked" });
    outgoing.fsm.handle({ type: "BGPOpen", open: peerOpen({ bgpId: "10.0.0.2" }) });
    incoming.fsm.handle({ type: "ManualStart_with_PassiveTcpEstablishment" });
    incoming.fsm.handle({ type: "TcpConnectionConfirmed" });
    // The OPEN arrives on the incoming connection while the outgoing one is in OpenConfirm.
    const d = detectCollision({ state: outgoing.fsm.state.name, direction: "outgoing" }, input);
    expect(d?.loser).toBe("outgoing");
    outgoing.fsm.handle({ type: "OpenCollisionDump" });
    incoming.fsm.handle({ type: "BGPOpen", open: peerOpen({ bgpId: "10.0.0.2" }) });
    incoming.fsm.handle({ type: "KeepAliveMsg" });
    expect(outgoing.fsm.state.name).toBe("Idle");
    expect(outgoing.actions).toContainEqual({
      type: "send-notification",
      code: 6,
      subcode: 7,
      data: new Uint8Array(),
    });
    expect(incoming.fsm.state.name).toBe("Established");
  });
});
