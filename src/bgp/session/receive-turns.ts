// The time one process spends on received BGP messages, shared fairly between its connections.
//
// A turn is what the process may spend on received messages before its timers (keepalives, hold
// timers of every other session) and its control socket get the loop again: TURN_MS, shared by
// every connection with data in that turn. A connection that finds the turn spent does no work at
// all (not even one message: a thousand connections with data in the same poll, each decoding
// "just one" 4 KiB UPDATE, ran 100 ms) and waits in a queue; the queue resumes in the check phase
// (setImmediate), oldest first, so a connection with a flood of routes behind it takes its share
// and goes to the back rather than starving the others.

/** What all connections of this process may spend on received messages in one turn of the loop. */
export const TURN_MS = 20;

/** Something that handles received data until done or the turn's end. */
export interface TurnTaker {
  /** Called from the queue when the connection's turn has come; it may wait again. */
  resumeTurn(): void;
}

let turnOpen = false;
let turnDeadline = 0;
/** Insertion-ordered: the first in is the first resumed. */
const waiting = new Set<TurnTaker>();
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
  waiting.delete(taker);
  waiting.add(taker);
  if (resumeScheduled) return;
  resumeScheduled = true;
  setImmediate(resumeWaiting);
}

/** A connection that closed must not be resumed. */
export function leaveTurns(taker: TurnTaker): void {
  waiting.delete(taker);
}

function resumeWaiting(): void {
  resumeScheduled = false;
  // Those queued from here on (out of time again) go behind everyone already waiting.
  for (const taker of [...waiting]) {
    if (turnSpent(performance.now())) break;
    waiting.delete(taker);
    taker.resumeTurn();
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
