// The time one process spends on received BGP messages, shared fairly between its connections.
//
// A turn is what the process may spend on received messages before its timers (keepalives, hold
// timers of every other session) and its control socket get the loop again: TURN_MS, shared by
// every connection with data in that turn. A connection that finds the turn spent does no work at
// all (not even one message: a thousand connections with data in the same poll, each decoding
// "just one" 4 KiB UPDATE, ran 100 ms) and waits in a queue. The queue resumes in the check phase
// (setImmediate), oldest first, each connection for a short slice (connection.ts: SLICE_MS) before
// it goes to the back: a connection with a flood of routes behind it takes its share rather than
// starving the others, and a KEEPALIVE or OPEN waits for one round of short slices, not for every
// other connection's long one (a 10 ms slice each, a thousand connections with UPDATEs waiting
// would hold it ten seconds: past a 9 s hold time).

/** What all connections of this process may spend on received messages in one turn of the loop. */
export const TURN_MS = 20;

/** Something that handles received data until done or the turn's end. */
export interface TurnTaker {
  /** Called from the queue when the connection's turn has come; it may wait again. */
  resumeTurn(): void;
}

let turnOpen = false;
let turnDeadline = 0;
/** Who waits, in order; a taker that left (closed) stays in `order` until its place comes. */
const waiting = new Set<TurnTaker>();
let order: TurnTaker[] = [];
let head = 0;
let resumeScheduled = false;

/**
 * The end of this turn's budget, opening a turn if none is open. A turn ends at the check phase,
 * where the waiting connections resume with a budget of their own.
 */
export function turnDeadlineFrom(now: number): number {
  if (!turnOpen) {
    turnOpen = true;
    turnDeadline = now + TURN_MS;
    setImmediate(() => (turnOpen = false));
  }
  return turnDeadline;
}

/** True when the current turn has no time left for received messages. */
export function turnSpent(now: number): boolean {
  return now >= turnDeadlineFrom(now);
}

/** Queue a connection to go on in a later turn, behind those already waiting. */
export function waitForTurn(taker: TurnTaker): void {
  if (!waiting.has(taker)) {
    waiting.add(taker);
    order.push(taker);
  }
  if (resumeScheduled) return;
  resumeScheduled = true;
  setImmediate(resumeWaiting);
}

/** A connection that closed must not be resumed. */
export function leaveTurns(taker: TurnTaker): void {
  waiting.delete(taker);
}

/** The first taker still waiting, taken off the queue; undefined when none waits. */
function nextTaker(): TurnTaker | undefined {
  while (head < order.length) {
    const taker = order[head++] as TurnTaker;
    if (waiting.delete(taker)) return taker;
  }
  order = [];
  head = 0;
  return undefined;
}

function resumeWaiting(): void {
  resumeScheduled = false;
  // Round after round of short slices until the turn is spent: a taker out of its slice again
  // goes behind everyone already waiting.
  while (waiting.size > 0 && !turnSpent(performance.now())) {
    const taker = nextTaker();
    if (taker === undefined) break;
    taker.resumeTurn();
  }
  // Keep the queue's array from growing with the places already taken.
  if (head > 1024 && head * 2 > order.length) {
    order = order.slice(head);
    head = 0;
  }
  if (waiting.size > 0 && !resumeScheduled) {
    resumeScheduled = true;
    setImmediate(resumeWaiting);
  }
}

/** How many connections wait for a turn (tests). */
export function waitingForTurn(): number {
  return waiting.size;
}
