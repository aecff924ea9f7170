// The lab's speaker host as a pod's status line: running, restarting (its supervisor waits out a
// backoff), or dead (the supervisor itself is gone, so nothing will restart it), with the restart
// count and why the last host process ended, from the record and the supervisor's status file.
import { isRunning } from "../../host/proc.js";
import type { LabState } from "../../state/state-store.js";
import { findHostRecord } from "./host.js";
import { describeExit, readSupervisorStatus, type HostExit } from "./supervisor/status.js";

export type HostState = "running" | "starting" | "restarting" | "dead";

export interface HostHealth {
  readonly state: HostState;
  readonly restarts: number;
  readonly lastExit?: HostExit;
  /** Pid of the host process running now, when one runs. */
  readonly pid?: number;
  readonly log: string;
}

/** Undefined when the lab has no speaker host (no speakers, or one process per node). */
export async function speakerHostHealth(lab: LabState): Promise<HostHealth | undefined> {
  const record = findHostRecord(lab);
  if (!record) return undefined;
  const status = readSupervisorStatus(record.files.dir);
  const common = {
    restarts: status?.restarts ?? 0,
    ...(status?.lastExit && { lastExit: status.lastExit }),
    log: record.files.log,
  };
  if (!record.ref || !(await isRunning(record.ref))) return { state: "dead", ...common };
  if (status?.phase === "restarting") return { state: "restarting", ...common };
  if (status?.host && (await isRunning(status.host)))
    return { state: status.phase === "running" ? "running" : "starting", pid: status.host.pid, ...common };
  // The supervisor lives but its host is gone and not yet noticed: it is about to restart it.
  return { state: "restarting", ...common };
}

/** One line for a person: state, restarts, the last exit. */
export function describeHostHealth(h: HostHealth): string {
  const last = h.lastExit ? `; last exit ${describeExit(h.lastExit)} at ${h.lastExit.at}` : "";
  const restarts = `${h.restarts} restart${h.restarts === 1 ? "" : "s"}`;
  switch (h.state) {
    case "running":
      return `running (pid ${h.pid ?? "?"}), ${restarts}${last}`;
    case "starting":
      return `starting (pid ${h.pid ?? "?"}), ${restarts}${last}`;
    case "restarting":
      return `restarting after a crash (its supervisor starts it again), ${restarts}${last}`;
    case "dead":
      return `not running and not supervised, ${restarts}${last}`;
  }
}
