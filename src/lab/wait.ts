// `fabric deploy` waits for convergence: poll until every BGP session the lab's configuration
// implies is Established and the routes have stopped moving, or the time runs out. The loop is
// pure (the snapshot source and the clock are injected) so it is unit-tested without a lab.
//
// "Converged" has to mean traffic flows: a pod's first cross-rack ping right after deploy
// returned used to go unanswered for up to seconds (issue 11), because every session was
// Established while the routes were still on their way (scripts/repro-first-ping.mjs).
import { pollUntil, realClock, type Clock } from "../util/poll.js";
import { isEstablished, isExchanging, type BgpSession, type SessionSnapshot } from "./sessions.js";

export const DEFAULT_CONVERGENCE_TIMEOUT_MS = 60_000;

/**
 * The sleep between two looks: twice what the last look took, between 50 and 250 ms. A look costs
 * processes (a vtysh per router) and a query per speaker host, so the sleep keeps the wait's own
 * share of the machine at about a third whatever the lab's size; a small lab, whose looks take
 * ~20 ms, is looked at every 50 ms instead of every 250 ms, which added 125 ms on average to
 * every deploy after its last session came up. Large labs keep the 250 ms they had.
 */
/** How long prefix counts must stay unchanged for the routes to count as settled. */
export const SETTLE_MS = 250;

export function convergencePollMs(lookMs: number): number {
  return Math.min(250, Math.max(50, 2 * lookMs));
}

export interface WaitDeps {
  readonly snapshot: () => Promise<SessionSnapshot>;
  readonly clock?: Clock;
  readonly pollMs?: number;
  /** Aborted on SIGINT/SIGTERM: the wait ends at its next look (the caller says why). */
  readonly signal?: AbortSignal;
  /** Each look, summarised (progress: "sessions 1800/2048 Established"). */
  readonly onLook?: (summary: ConvergenceSummary) => void;
}

export interface ConvergenceSummary {
  readonly converged: boolean;
  readonly elapsedMs: number;
  readonly sessions: readonly BgpSession[];
  readonly up: number;
  /** Prefixes every session received, summed: both ends count a route once each. */
  readonly prefixesReceived: number;
  readonly down: readonly BgpSession[];
  /** Established, but an initial table (End-of-RIB) has not gone both ways yet. */
  readonly exchanging: readonly BgpSession[];
  /**
   * Every session's prefix counts are what they were at the look before, which was complete too.
   * End-of-RIB covers each session's initial table; a route that reaches a router after its
   * End-of-RIB to a neighbour travels on as a plain UPDATE, which only counts that stopped
   * moving show to be through.
   */
  readonly settled: boolean;
  readonly problems: SessionSnapshot["problems"];
}

/** Nothing down, nothing exchanging, every node answered: a look that could end the wait. */
function complete(snapshot: SessionSnapshot): boolean {
  return (
    snapshot.problems.length === 0 && snapshot.sessions.every((s) => isEstablished(s) && !isExchanging(s))
  );
}

/**
 * The counts that matter to forwarding: not what flows towards a speaker that discards what it
 * receives (FRR sends it a table a coalesce time after the rest), which would hold the wait a
 * look longer for routes nobody installs.
 */
const countsKey = (s: BgpSession): string =>
  `${s.source} ${s.node} ${s.peer} ${s.discardsRoutes ? "-" : s.received} ${s.peerDiscardsRoutes ? "-" : s.sent}`;

function sameCounts(a: SessionSnapshot, b: SessionSnapshot): boolean {
  const keys = (x: SessionSnapshot) => x.sessions.map(countsKey).sort().join("\n");
  return keys(a) === keys(b);
}

/** The summary of a look; `previous` (the look before) decides whether the counts have settled. */
export function summarize(
  snapshot: SessionSnapshot,
  elapsedMs: number,
  previous?: SessionSnapshot,
): ConvergenceSummary {
  const down = snapshot.sessions.filter((s) => !isEstablished(s));
  const exchanging = snapshot.sessions.filter((s) => isEstablished(s) && isExchanging(s));
  const settled =
    snapshot.sessions.length === 0 ||
    (previous !== undefined && complete(previous) && sameCounts(previous, snapshot));
  return {
    converged: complete(snapshot) && settled,
    elapsedMs,
    sessions: snapshot.sessions,
    up: snapshot.sessions.length - down.length,
    prefixesReceived: snapshot.sessions.reduce((n, s) => n + s.received, 0),
    down,
    exchanging,
    settled,
    problems: snapshot.problems,
  };
}

/**
 * Polls until converged (every session Established with its End-of-RIB both ways, every node
 * answered, and the prefix counts unchanged for SETTLE_MS or more) or `timeoutMs` passed; the
 * summary is of the last look either way. A failing look counts as not converged.
 */
export async function waitForConvergence(timeoutMs: number, deps: WaitDeps): Promise<ConvergenceSummary> {
  const look = async (): Promise<SessionSnapshot> => {
    try {
      return await deps.snapshot();
    } catch (err) {
      return { sessions: [], problems: [{ node: "(lab)", message: (err as Error).message }] };
    }
  };
  const clock = deps.clock ?? realClock;
  // The look the counts are compared with: the latest one at least SETTLE_MS before. Looks come
  // as often as every 50 ms in a small lab (convergencePollMs), closer together than a route
  // takes to cross a router after its End-of-RIB; counts equal 50 ms apart prove nothing.
  const history: { readonly at: number; readonly snapshot: SessionSnapshot }[] = [];
  let previous: SessionSnapshot | undefined;
  const polled = await pollUntil({
    clock,
    timeoutMs,
    intervalMs: deps.pollMs ?? convergencePollMs,
    read: look,
    done: (snapshot) => {
      const at = clock.now();
      while (history.length > 1 && at - (history[1] as { at: number }).at >= SETTLE_MS) history.shift();
      const baseline = history[0];
      previous = baseline !== undefined && at - baseline.at >= SETTLE_MS ? baseline.snapshot : undefined;
      history.push({ at, snapshot });
      const summary = summarize(snapshot, 0, previous);
      deps.onLook?.(summary);
      return deps.signal?.aborted === true || summary.converged;
    },
  });
  return summarize(polled.value, polled.elapsedMs, previous);
}
