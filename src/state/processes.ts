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
 * `ref` is the host-side shell the runtime's spawn leaves as the command's parent
 * (runtime/netns/spawn.ts): it passes SIGTERM on to the command in the node, with a SIGCONT in case
 * the node is frozen, and exits once the command has. So a stop is one signal to the recorded pid,
 * not a scan of /proc for its child (85 ms a scan with 357 processes on the host, once per pod at
 * destroy). Only a command that ignores SIGTERM for STOP_TIMEOUT_MS costs a scan, for its SIGKILL.
 * Identities are (pid, start time): a stale record never hits a stranger.
 */
export const hostProcesses: ProcessControl = {
  async stop(ref) {
    // A frozen node's launcher may be stopped too (faults/freeze.ts): resumed, it runs its trap.
    if (!(await signalIfSame(ref, "SIGCONT"))) return;
    await signalIfSame(ref, "SIGTERM");
    if (await waitUntilGone(ref, STOP_TIMEOUT_MS)) return;
    for (const c of await childrenOf(ref.pid)) {
      await signalIfSame({ pid: c.pid, startTime: c.startTime }, "SIGCONT");
      await signalIfSame({ pid: c.pid, startTime: c.startTime }, "SIGKILL");
    }
    await waitUntilGone(ref, STOP_TIMEOUT_MS);
  },
  isRunning,
};
