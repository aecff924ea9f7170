import { describe, expect, it } from "vitest";
import type { FsmAction, FsmEvent, FsmState } from "../../../../src/bgp/fsm/index.js";
import { INITIAL_STATE, transition } from "../../../../src/bgp/fsm/index.js";
import { context, peerOpen } from "./support.js";

const ctx = context();

function run(events: FsmEvent[], from: FsmState = INITIAL_STATE): { state: FsmState; actions: FsmAction[] } {
  let state = from;
  let actions: FsmAction[] = [];
  for (const e of events) ({ state, actions } = transition(state, e, ctx));
  return { state, actions };
}

const reach: Record<FsmState["name"], FsmEvent[]> = {
  Idle: [],
  Connect: [{ type: "ManualStart" }],
  Active: [{ type: "ManualStart_with_PassiveTcpEstablishment" }],
  OpenSent: [{ type: "ManualStart" }, { type: "Tcp_CR_Acked" }],
  OpenConfirm: [{ type: "ManualStart" }, { type: "Tcp_CR_Acked" }, { type: "BGPOpen", open: peerOpen() }],
  Established: [
    { type: "ManualStart" },
    { type: "Tcp_CR_Acked" },
    { type: "BGPOpen", open: peerOpen() },
    { type: "KeepAliveMsg" },
  ],
};

function at(name: FsmState["name"]): FsmState {
  const state = run(reach[name]).state;
  expect(state.name).toBe(name);
  return state;
}

const sent = (actions: FsmAction[]) =>
  actions.flatMap((a) => (a.type === "send-notification" ? [[a.code, a.subcode]] : []));
const downReason = (actions: FsmAction[]) =>
  actions.flatMap((a) => (a.type === "session-down" ? [a.reason] : []))[0];

describe("transition: NOTIFICATION received", () => {
  const cease = { code: 6, subcode: 2, data: new Uint8Array() };
  it.each(["Connect", "Active", "OpenSent", "OpenConfirm", "Established"] as const)(
    "in %s goes to Idle without answering and names the cause",
    (name) => {
      const { state, actions } = transition(at(name), { type: "NotifMsg", notification: cease }, ctx);
      expect(state.name).toBe("Idle");
      expect(sent(actions)).toEqual([]);
      expect(actions.map((a) => a.type)).toContain("drop-connection");
      expect(downReason(actions)).toBe("peer sent NOTIFICATION Cease/Administrative Shutdown");
      const down = actions.find((a) => a.type === "session-down");
      expect(down).toMatchObject({ wasEstablished: name === "Established" });
    },
  );

  it("in Idle is ignored", () => {
    const r = transition(INITIAL_STATE, { type: "NotifMsg", notification: cease }, ctx);
    expect(r).toEqual({ state: INITIAL_STATE, actions: [] });
  });

  it("counts version-error notifications without incrementing ConnectRetryCounter in OpenSent", () => {
    const r = transition(
      at("OpenSent"),
      { type: "NotifMsgVerErr", notification: { code: 2, subcode: 1, data: new Uint8Array([0, 4]) } },
      ctx,
    );
    expect(r.state).toEqual({ name: "Idle", connectRetryCounter: 0 });
  });
});

describe("transition: stops", () => {
  it("ManualStop from Established sends Cease/Administrative Shutdown (RFC 4486) and resets the counter", () => {
    const { state, actions } = transition(at("Established"), { type: "ManualStop" }, ctx);
    expect(state).toEqual({ name: "Idle", connectRetryCounter: 0 });
    expect(sent(actions)).toEqual([[6, 2]]);
    expect(actions.map((a) => a.type)).toEqual([
      "send-notification",
      "stop-timer",
      "stop-timer",
      "stop-timer",
      "release-resources",
      "drop-connection",
      "session-down",
    ]);
  });

  it("ManualStop resets ConnectRetryCounter in every state (RFC 4271 §8.2.2)", () => {
    for (const name of ["Connect", "Active", "OpenSent", "OpenConfirm", "Established"] as const) {
      const state = { ...at(name), connectRetryCounter: 3 };
      expect(transition(state, { type: "ManualStop" }, ctx).state).toEqual({
        name: "Idle",
        connectRetryCounter: 0,
      });
    }
  });

  it("ManualStop before any OPEN was sent sends nothing", () => {
    for (const name of ["Connect", "Active"] as const) {
      const { state, actions } = transition(at(name), { type: "ManualStop" }, ctx);
      expect(state.name).toBe("Idle");
      expect(sent(actions)).toEqual([]);
    }
  });

  it("ignores ManualStop in Idle and starts in any other state", () => {
    expect(transition(INITIAL_STATE, { type: "ManualStop" }, ctx).actions).toEqual([]);
    for (const name of ["Connect", "Active", "OpenSent", "OpenConfirm", "Established"] as const) {
      const s = at(name);
      expect(transition(s, { type: "ManualStart" }, ctx)).toEqual({ state: s, actions: [] });
    }
  });
});

describe("transition: OPEN handling in OpenSent", () => {
  function openWith(overrides: Parameters<typeof peerOpen>[0], c = ctx) {
    return transition(at("OpenSent"), { type: "BGPOpen", open: peerOpen(overrides) }, c);
  }

  it("rejects the wrong peer AS with 2/2", () => {
    const { state, actions } = openWith({ asn: 65099 });
    expect(state).toEqual({ name: "Idle", connectRetryCounter: 1 });
    expect(sent(actions)).toEqual([[2, 2]]);
    expect(downReason(actions)).toBe("OPEN rejected: peer announced AS 65099, expected AS 65001");
  });

  it("accepts any AS when peerAsn is 0, and makes it internal when it equals ours", () => {
    const { state } = openWith({ asn: 65010 }, context({ peerAsn: 0 }));
    expect(state.name).toBe("OpenConfirm");
    if (state.name !== "OpenConfirm") throw new Error("unreachable");
    expect(state.session.internal).toBe(true);
    expect(state.session.peerAsn).toBe(65010);
  });

  it("rejects hold time 1 and 2 with 2/6", () => {
    expect(sent(openWith({ holdTime: 1 }).actions)).toEqual([[2, 6]]);
    expect(sent(openWith({ holdTime: 2 }).actions)).toEqual([[2, 6]]);
    expect(openWith({ holdTime: 3 }).state.name).toBe("OpenConfirm");
  });

  it("rejects version 3 with 2/1 and the largest supported version as data", () => {
    const { actions } = openWith({ version: 3 });
    expect(actions[0]).toEqual({
      type: "send-notification",
      code: 2,
      subcode: 1,
      data: new Uint8Array([0, 4]),
    });
  });

  it("rejects a zero BGP identifier, and our own identifier on iBGP only, with 2/3", () => {
    expect(sent(openWith({ bgpId: "0.0.0.0" }).actions)).toEqual([[2, 3]]);
    const ibgp = context({ peerAsn: 65010 });
    expect(sent(openWith({ asn: 65010, bgpId: "10.0.0.1" }, ibgp).actions)).toEqual([[2, 3]]);
    expect(openWith({ bgpId: "10.0.0.1" }).state.name).toBe("OpenConfirm");
  });

  it("stops the hold timer instead of restarting it when the hold time negotiates to 0", () => {
    const { actions } = openWith({ holdTime: 0 });
    expect(actions).toContainEqual({ type: "stop-timer", timer: "hold" });
    expect(actions).toContainEqual({ type: "stop-timer", timer: "keepalive" });
    expect(actions.filter((a) => a.type === "start-timer")).toEqual([]);
  });

  it("answers unexpected messages with the RFC 6608 FSM error subcode of the state", () => {
    expect(sent(transition(at("OpenSent"), { type: "KeepAliveMsg" }, ctx).actions)).toEqual([[5, 1]]);
    expect(sent(transition(at("OpenConfirm"), { type: "UpdateMsg" }, ctx).actions)).toEqual([[5, 2]]);
    const again = { type: "BGPOpen", open: peerOpen() } as const;
    expect(sent(transition(at("Established"), again, ctx).actions)).toEqual([[5, 3]]);
  });

  it("goes back to Active when the connection drops before the OPEN", () => {
    const { state, actions } = transition(at("OpenSent"), { type: "TcpConnectionFails" }, ctx);
    expect(state.name).toBe("Active");
    expect(actions).toContainEqual({ type: "start-timer", timer: "connectRetry", ms: 120_000 });
  });
});

describe("transition: errors from the decoder", () => {
  it("sends the UPDATE error it is given and goes to Idle from Established", () => {
    const error = { code: 3, subcode: 11, data: new Uint8Array([1]) };
    const { state, actions } = transition(at("Established"), { type: "UpdateMsgErr", error }, ctx);
    expect(state.name).toBe("Idle");
    expect(actions[0]).toEqual({ type: "send-notification", ...error });
    expect(downReason(actions)).toBe("we sent NOTIFICATION UPDATE Message Error/Malformed AS_PATH");
  });

  it("counts failures in ConnectRetryCounter until the next start resets it (RFC 4271 §8.2.2 Idle)", () => {
    let state = at("Established");
    state = transition(state, { type: "HoldTimer_Expires" }, ctx).state;
    expect(state).toEqual({ name: "Idle", connectRetryCounter: 1 });
    state = transition(state, { type: "AutomaticStart" }, ctx).state;
    expect(state).toEqual({ name: "Connect", connectRetryCounter: 0 });
  });
});

describe("transition: OpenCollisionDump", () => {
  it.each(["OpenSent", "OpenConfirm", "Established"] as const)("in %s sends Cease 6/7", (name) => {
    const { state, actions } = transition(at(name), { type: "OpenCollisionDump" }, ctx);
    expect(state.name).toBe("Idle");
    expect(sent(actions)).toEqual([[6, 7]]);
  });
});
