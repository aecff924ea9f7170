// Deploy's last stage: wait until every BGP session the lab's configuration implies is
// Established, and when that does not happen in time, explain each session that is not up (its
// last state and what its node says about it). The CLI prints; this decides and explains.
import { ExitCode, FabricError } from "../errors.js";
import type { Runtime } from "../runtime/types.js";
import type { Progress } from "../state/progress.js";
import type { LabState, StateStore } from "../state/state-store.js";
import { collectSessions, discardingSpeakers, explainSessions, type BgpSession } from "./sessions.js";
import { waitForConvergence, type ConvergenceSummary } from "./wait.js";

export interface ConvergeOptions {
  readonly store: StateStore;
  readonly runtime: Runtime;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
}

/** Polls the lab's sessions until all are Established or waitMs runs out. */
export async function awaitConvergence(
  labName: string,
  waitMs: number,
  { store, runtime, progress, signal }: ConvergeOptions,
): Promise<ConvergenceSummary> {
  progress.phase(
    `waiting for every BGP session to be Established and its routes exchanged (up to ${waitMs / 1000} s)`,
  );
  // Read once: which speakers keep no route they receive (their configs do not change during the wait).
  const discarding = discardingSpeakers(requireState(store, labName));
  return waitForConvergence(waitMs, {
    snapshot: () => collectSessions(requireState(store, labName), runtime, discarding),
    onLook: (c) => {
      if (c.up < c.sessions.length || c.sessions.length === 0) {
        progress.tally?.("sessions", c.up, c.sessions.length, "Established");
        return;
      }
      // Every session up: what is left is the routes, which a user should see deploy wait for.
      const through = c.sessions.length - c.exchanging.length;
      progress.tally?.(
        "initial tables",
        through,
        c.sessions.length,
        c.settled ? "exchanged, settled" : "exchanged",
      );
    },
    ...(signal && { signal }),
  });
}

export function requireState(store: StateStore, lab: string): LabState {
  const state = store.read(lab);
  if (!state) throw new FabricError("lab-not-found", `lab ${lab} disappeared while deploy waited for it`);
  return state;
}

/** Exit 1, naming every session not up, its last state and what its node says about it. */
export async function notConverged(
  lab: LabState,
  runtime: Runtime,
  c: ConvergenceSummary,
  waitMs: number,
): Promise<FabricError> {
  const reasons = await explainSessions(lab, runtime, c.down);
  const lines = [
    ...c.down.map((s) => {
      const name = s.peerName ? ` (${s.peerName})` : "";
      const why = reasons.get(s);
      return `${s.node} → ${s.peer}${name} [${s.source}]: ${s.state}${why ? ` — ${why}` : ""}`;
    }),
    ...c.exchanging.map(
      (s) =>
        `${s.node} → ${s.peer}${s.peerName ? ` (${s.peerName})` : ""} [${s.source}]: ${exchangeState(s)}`,
    ),
    ...c.problems.map((p) => `${p.node}: ${p.message}`),
  ];
  const notUp = c.down.length + c.problems.length;
  const what =
    notUp > 0
      ? `${notUp} BGP session${notUp === 1 ? "" : "s"} not Established`
      : c.exchanging.length > 0
        ? `every BGP session Established, but ${c.exchanging.length} still exchanging ${c.exchanging.length === 1 ? "its" : "their"} initial table${c.exchanging.length === 1 ? "" : "s"}`
        : "every BGP session Established, but the prefix counts still changing from one look to the next";
  return new FabricError(
    "not-converged",
    `lab ${lab.lab}: ${what} after ${waitMs / 1000} s (${c.up} up)${lines.length > 0 ? `:\n  ${lines.join("\n  ")}` : ""}`,
    {
      exitCode: ExitCode.failure,
      suggestion: `the lab is left running to look at (\`fabric bgp peers --lab ${lab.lab}\`, \`fabric exec NODE show bgp neighbors\`); \`fabric destroy ${lab.lab}\` removes it; --no-wait skips this wait`,
    },
  );
}

function exchangeState(s: BgpSession): string {
  const missing = [
    ...(s.endOfRib?.sent === false && s.peerDiscardsRoutes !== true ? ["sent"] : []),
    ...(s.endOfRib?.received === false ? ["received"] : []),
  ];
  return `Established, End-of-RIB not yet ${missing.join(" nor ")}`;
}
