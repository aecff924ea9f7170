// Shared test fixtures for the FSM: a context, a peer's OPEN, and a PeerFsm on fake time that
// records what it asks the session layer to do.

import type { FsmContext, ReceivedOpen, SessionAction } from "../../../../src/bgp/fsm/index.js";
import { FakeClock, PeerFsm } from "../../../../src/bgp/fsm/index.js";

export function context(overrides: Partial<FsmContext> = {}): FsmContext {
  return {
    localAsn: 65010,
    localBgpId: "10.0.0.1",
    peerAsn: 65001,
    holdTimeSeconds: 90,
    keepaliveTimeSeconds: 30,
    connectRetryTimeSeconds: 120,
    passive: false,
    localCapabilities: [
      { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
      { type: "route-refresh" },
      { type: "four-octet-as", asn: 65010 },
    ],
    random: () => 0,
    ...overrides,
  };
}

export function peerOpen(overrides: Partial<ReceivedOpen> = {}): ReceivedOpen {
  return {
    version: 4,
    asn: 65001,
    holdTime: 90,
    bgpId: "10.0.0.2",
    capabilities: [
      { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
      { type: "route-refresh" },
      { type: "four-octet-as", asn: 65001 },
    ],
    ...overrides,
  };
}

export function harness(ctx: FsmContext = context(), idleHoldMs?: number) {
  const clock = new FakeClock();
  const actions: SessionAction[] = [];
  const fsm = new PeerFsm({
    context: ctx,
    scheduler: clock,
    onAction: (a) => actions.push(a),
    ...(idleHoldMs === undefined ? {} : { idleHoldMs }),
  });
  const types = () => actions.map((a) => a.type);
  const count = (type: SessionAction["type"]) => actions.filter((a) => a.type === type).length;
  const clear = () => (actions.length = 0);
  return { clock, fsm, actions, types, count, clear };
}

/** Drive a harness from Idle to Established over an outgoing connection. */
export function establish(h: ReturnType<typeof harness>, open: ReceivedOpen = peerOpen()): void {
  h.fsm.start();
  h.fsm.handle({ type: "Tcp_CR_Acked" });
  h.fsm.handle({ type: "BGPOpen", open });
  h.fsm.handle({ type: "KeepAliveMsg" });
}
