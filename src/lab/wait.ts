// `fabric deploy` waits for convergence: poll until every BGP session the lab's configuration
// implies is Established, or the time runs out. The loop is pure (the snapshot source, the clock
// and sleep are injected) so it is unit-tested without a lab.
import { isEstablished, type BgpSession, type SessionSnapshot } from "./sessions.js";

export const DEFAULT_CONVERGENCE_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

export interface WaitDeps {
  readonly snapshot: () => Promise<SessionSnapshot>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pollMs?: number;
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
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  for (;;) {
    let snapshot: SessionSnapshot;
    try {
      snapshot = await deps.snapshot();
    } catch (err) {
      snapshot = { sessions: [], problems: [{ node: "(lab)", message: (err as Error).message }] };
    }
    const summary = summarize(snapshot, now() - start);
    if (summary.converged || summary.elapsedMs >= timeoutMs) return summary;
    await sleep(deps.pollMs ?? POLL_MS);
  }
}

/** `30s`, `500ms`, `2m`, or plain seconds; undefined when it is none of them. */
export function parseTimeout(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
}
