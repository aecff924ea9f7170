// Long-running processes a lab starts inside its nodes (pod commands, BGP speakers), as the lab
// record keeps them, and the one door through which they are stopped, so unit tests can replace
// it (as they replace the runtime and the wiring) and never signal a real pid.
import { childrenOf, isRunning, signalIfSame, waitUntilGone, type ProcessRef } from "../host/proc.js";
import type { NodeRecord } from "../runtime/types.js";

export const ProcessPurpose = { pod: "pod", speaker: "speaker" } as const;
export type ProcessPurpose = (typeof ProcessPurpose)[keyof typeof ProcessPurpose];

export interface ProcessRecord {
  readonly purpose: ProcessPurpose;
  /** The runtime node it runs in (a Kubernetes node, or a pod). */
  readonly node: NodeRecord;
  readonly argv: readonly string[];
  /**
   * The host-side parent the runtime's spawn returned; absent when recorded but not yet started,
   * or stopped on purpose (`fabric bgp stop`). Either way it dies with its node.
   */
  readonly ref?: ProcessRef;
  readonly logFile?: string;
  readonly startedAt?: string;
}

export interface ProcessControl {
  /** Stops what `ref` runs (SIGTERM, so a speaker sends its Cease), and waits until it is gone. */
  stop(ref: ProcessRef): Promise<void>;
  isRunning(ref: ProcessRef): Promise<boolean>;
}

const STOP_TIMEOUT_MS = 5_000;

/**
 * The runtime's spawn keeps nsenter on the host as the parent; nsenter does not forward signals,
 * so the signal goes to its child (the real process, inside the node), as the runtime's own
 * SpawnedProcess.stop does. Identities are (pid, start time): a stale record never hits a stranger.
 */
export const hostProcesses: ProcessControl = {
  async stop(ref) {
    if (!(await isRunning(ref))) return;
    // A frozen node's process and its nsenter are stopped (faults/freeze.ts): resume both first,
    // or SIGTERM waits unanswered and nsenter never reaps its child.
    await signalIfSame(ref, "SIGCONT");
    for (const c of await childrenOf(ref.pid))
      await signalIfSame({ pid: c.pid, startTime: c.startTime }, "SIGCONT");
    for (const c of await childrenOf(ref.pid))
      await signalIfSame({ pid: c.pid, startTime: c.startTime }, "SIGTERM");
    if (!(await waitUntilGone(ref, STOP_TIMEOUT_MS))) {
      for (const c of await childrenOf(ref.pid))
        await signalIfSame({ pid: c.pid, startTime: c.startTime }, "SIGKILL");
      await waitUntilGone(ref, STOP_TIMEOUT_MS);
    }
  },
  isRunning,
};
