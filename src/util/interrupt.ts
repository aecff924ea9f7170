// SIGINT/SIGTERM of a run that has something to undo (`fabric test`'s faults, `fabric deploy`'s
// half-made lab). Node's default is to die on the spot, leaving the undo undone; while an
// Interruption is listening, the first signal only aborts `signal`, and the run unwinds at its
// next step, undoes what it started and exits 130. A second signal means "stop now": the process
// exits at once, and says what it did not undo.
import { ExitCode, FabricError } from "../errors.js";

export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM"] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

export class Interruption {
  private readonly controller = new AbortController();
  private received: InterruptSignal | undefined;
  private readonly handlers = new Map<InterruptSignal, () => void>();

  /** `onAgain`: what to say before exiting on a second signal. */
  constructor(private readonly onAgain: () => string) {
    for (const sig of INTERRUPT_SIGNALS) {
      const handler = (): void => this.receive(sig);
      this.handlers.set(sig, handler);
      process.on(sig, handler);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal that arrived, if one did. */
  get by(): InterruptSignal | undefined {
    return this.received;
  }

  private receive(sig: InterruptSignal): void {
    if (this.received) {
      process.stderr.write(`\n${sig} again: exiting now. ${this.onAgain()}\n`);
      process.exit(ExitCode.interrupted);
    }
    this.received = sig;
    process.stderr.write(`\n${sig}: finishing the current step, then undoing what this run started\n`);
    this.controller.abort(sig);
  }

  /** Stops listening (Node's default handling comes back). */
  dispose(): void {
    for (const [sig, handler] of this.handlers) process.off(sig, handler);
    this.handlers.clear();
  }
}

/** Exit 130, with what the run undid and what it left running. */
export function interrupted(sig: InterruptSignal, what: string, suggestion?: string): FabricError {
  return new FabricError("interrupted", `${sig}: ${what}`, {
    exitCode: ExitCode.interrupted,
    ...(suggestion !== undefined && { suggestion }),
  });
}

/** Which signal aborted `signal` (an Interruption's), if one did. */
export function interruptedBy(signal: AbortSignal | undefined): InterruptSignal | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return INTERRUPT_SIGNALS.find((s) => s === reason);
}
