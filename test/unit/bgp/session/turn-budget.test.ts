// Many connections with data in the same turn of the event loop share one budget (TURN_MS): a
// process holding a thousand sessions must still get to its timers between turns, and one
// connection with a flood behind it must not starve the others. Counted, not timed: each message
// costs the handler 1 ms, so the number handled before the next check phase says how long the turn
// ran (fewer under a loaded machine, never more).
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BgpConnection } from "../../../../src/bgp/session/connection.js";
import { TURN_MS, waitingForTurn } from "../../../../src/bgp/session/receive-turns.js";
import { encodeMessage, INITIAL_CONTEXT } from "../../../../src/bgp/wire/index.js";

const CONNECTIONS = 10;
const MESSAGES = 50;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

async function pairs(n: number): Promise<{ ours: net.Socket[]; theirs: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((s) => {
    s.pause();
    accepted.push(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  const theirs = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Socket>((r) => {
          const c = net.connect(port, "127.0.0.1", () => r(c));
        }),
    ),
  );
  while (accepted.length < n) await new Promise((r) => setTimeout(r, 5));
  for (const s of [...accepted, ...theirs]) cleanup.push(() => s.destroy());
  return { ours: accepted, theirs };
}

/** Each of `theirs` sends `count(i)` KEEPALIVEs, all before anything is read. */
function sendKeepalives(theirs: net.Socket[], count: (i: number) => number): void {
  const keepalive = Buffer.from(encodeMessage({ type: "keepalive" }, INITIAL_CONTEXT));
  theirs.forEach((t, i) => t.write(Buffer.concat(Array.from({ length: count(i) }, () => keepalive))));
}

/** A BgpConnection on each of `ours`; `onMessage(i)` for each message on the i-th. */
function receiveOn(ours: net.Socket[], onMessage: (i: number) => void): void {
  ours.forEach((s, i) =>
    new BgpConnection(s, "incoming").attach({
      onMessage: () => onMessage(i),
      onDecodeError: () => {},
      onClose: () => {},
    }),
  );
}

describe("the connections' shared budget per turn", () => {
  it("stops every connection once the turn's budget is spent, and still handles everything", async () => {
    const { ours, theirs } = await pairs(CONNECTIONS);
    sendKeepalives(theirs, () => MESSAGES);
    let handled = 0;
    receiveOn(ours, () => (busy(1), handled++));
    // Everything is in the kernel's buffers before any is read, so one poll finds all readable.
    await new Promise((r) => setTimeout(r, 100));
    let beforeCheck = -1;
    for (const s of ours) s.resume();
    setImmediate(() => (beforeCheck = handled));
    while (handled < CONNECTIONS * MESSAGES) await new Promise((r) => setTimeout(r, 10));
    // The turn ends after TURN_MS plus the one message that crossed the deadline: a connection
    // that finds the turn spent handles none (it used to handle one each, CONNECTIONS more).
    expect(beforeCheck).toBeGreaterThan(0);
    expect(beforeCheck).toBeLessThanOrEqual(TURN_MS + 1);
    expect(waitingForTurn()).toBe(0);
  });

  it("gives a connection with a flood behind it its share, then the others theirs", async () => {
    const FLOOD = 400;
    const EACH = 10;
    const { ours, theirs } = await pairs(CONNECTIONS);
    sendKeepalives(theirs, (i) => (i === 0 ? FLOOD : EACH));
    const handled = new Array<number>(CONNECTIONS).fill(0);
    let floodWhenOthersDone = -1;
    receiveOn(ours, (i) => {
      busy(1);
      handled[i]! += 1;
      if (floodWhenOthersDone < 0 && handled.every((n, k) => k === 0 || n === EACH)) {
        floodWhenOthersDone = handled[0]!;
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    // The flooded connection reads first, so it opens the first turn and would keep it.
    ours[0]!.resume();
    for (const s of ours.slice(1)) s.resume();
    while (handled[0]! < FLOOD || floodWhenOthersDone < 0) await new Promise((r) => setTimeout(r, 10));
    // The others need (CONNECTIONS - 1) × EACH = 90 ms of turns; queued in order, they get them
    // before the flood's second turn. When the flood was served first every turn (20 messages)
    // and each of the others handled one after the turn was spent, the flood had handled 68.
    expect(floodWhenOthersDone).toBeLessThanOrEqual(2 * (TURN_MS + 1));
    expect(handled).toEqual([FLOOD, ...new Array<number>(CONNECTIONS - 1).fill(EACH)]);
    expect(waitingForTurn()).toBe(0);
  });

  it("handles a lone KEEPALIVE within a round of short slices, whatever floods the others", async () => {
    const FLOOD = 200;
    const { ours, theirs } = await pairs(CONNECTIONS);
    const lone = CONNECTIONS - 1;
    sendKeepalives(theirs, (i) => (i === lone ? 1 : FLOOD));
    let handled = 0;
    let handledBeforeLone = -1;
    receiveOn(ours, (i) => {
      busy(1);
      if (i === lone) handledBeforeLone = handled;
      handled++;
    });
    await new Promise((r) => setTimeout(r, 100));
    for (const s of ours) s.resume();
    while (handled < lone * FLOOD + 1) await new Promise((r) => setTimeout(r, 10));
    // Each flooded connection takes one slice (one 1 ms message) before the lone one's turn, in
    // the turn where they all read or in the next round. With 10 ms slices it waited for ~90.
    expect(handledBeforeLone).toBeGreaterThanOrEqual(0);
    expect(handledBeforeLone).toBeLessThanOrEqual(TURN_MS + 1 + 2 * lone);
    expect(waitingForTurn()).toBe(0);
  });
});
