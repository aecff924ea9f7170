// `fabric deploy` waits for convergence: poll until every BGP session the lab's configuration
// implies is Established, or the time runs out. The loop is pure (the snapshot source and the
// clock are injected) so it is unit-tested without a lab.
import { pollUntil, type Clock } from "../util/poll.js";
import { isEstablished, type BgpSession, type SessionSnapshot } from "./sessions.js";

export const DEFAULT_CONVERGENCE_TIMEOUT_MS = 60_000;

/**
 * The sleep between two looks: twice what the last look took, between 50 and 250 ms. A look costs
 * processes (a vtysh per router) and a query per speaker host, so the sleep keeps the wait's own
 * share of the machine at about a third whatever the lab's size; a small lab, whose looks take
 * ~20 ms, is looked at every 50 ms instead of every 250 ms, which added 125 ms on average to
 * every deploy after its last session came up. Large labs keep the 250 ms they had.
 */
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
  readonly problems: SessionSnapshot["problems"];
}

export function summarize(snapshot: SessionSnapshot, elapsedMs: number): ConvergenceSummary {
  const down = snapshot.sessions.filter((s) => !isEstablished(s));
  return {
    converged: down.length === 0 && snapshot.problems.length === 0,
    elapsedMs,
    sessions: snapshot.sessions,
    up: snapshot.sessions.length - down.length,
    prefixesReceived: snapshot.sessions.reduce((n, s) => n + s.received, 0),
    down,
    problems: snapshot.problems,
  };
}

/**
 * Polls until converged (every session Established and every node answered) or `timeoutMs`
 * passed; the summary is of the last look either way. A failing look counts as not converged.
 */
export async function waitForConvergence(timeoutMs: number, deps: WaitDeps): Promise<ConvergenceSummary> {
  const look = async (): Promise<SessionSnapshot> => {
    try {
      return await deps.snapshot();
    } catch (err) {
      return { sessions: [], problems: [{ node: "(lab)", message: (err as Error).message }] };
    }
  };
  const polled = await pollUntil({
    clock: deps.clock,
    timeoutMs,
    intervalMs: deps.pollMs ?? convergencePollMs,
    read: look,
    done: (snapshot) => {
      const summary = summarize(snapshot, 0);
      deps.onLook?.(summary);
      return deps.signal?.aborted === true || summary.converged;
    },
  });
  return summarize(polled.value, polled.elapsedMs);
}
