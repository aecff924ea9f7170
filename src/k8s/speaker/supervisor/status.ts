// What the speaker host's supervisor tells the rest of fabric, in supervisor.json beside the
// host's control socket: which host process runs now, how often it was restarted and why the last
// one ended: what `kubectl get pods` shows as RESTARTS and Last State. Written atomically by the
// supervisor (the only writer), read by inspect, `fabric bgp peers` and `fabric test`.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ProcessRef } from "../../../host/proc.js";

export const SUPERVISOR_FILE = "supervisor.json";

/** starting: first launch; running: the host answers; restarting: waiting out the backoff. */
export type HostPhase = "starting" | "running" | "restarting" | "stopped";

export interface HostExit {
  /** Exit status, when it exited; null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly at: string;
  /** How long that host process had run. */
  readonly ranMs: number;
}

export interface SupervisorStatus {
  readonly supervisor: ProcessRef;
  readonly phase: HostPhase;
  /** The host process running now (absent while restarting). */
  readonly host?: ProcessRef;
  readonly hostStartedAt?: string;
  readonly restarts: number;
  readonly lastExit?: HostExit;
  /** When the next start is due, while restarting. */
  readonly nextStartAt?: string;
}

export function supervisorFile(dir: string): string {
  return path.join(dir, SUPERVISOR_FILE);
}

export function writeSupervisorStatus(dir: string, status: SupervisorStatus): void {
  const file = supervisorFile(dir);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(status, null, 2) + "\n");
  renameSync(temp, file);
}

/** The status, or undefined when there is none (no supervisor yet, or an older fabric's lab). */
export function readSupervisorStatus(dir: string): SupervisorStatus | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(supervisorFile(dir), "utf8"));
  } catch {
    return undefined;
  }
  return isStatus(raw) ? raw : undefined;
}

function isRef(x: unknown): x is ProcessRef {
  const r = x as Partial<ProcessRef> | null;
  return typeof r === "object" && r !== null && Number.isInteger(r.pid) && Number.isInteger(r.startTime);
}

function isStatus(x: unknown): x is SupervisorStatus {
  const s = x as Partial<SupervisorStatus> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    isRef(s.supervisor) &&
    (s.host === undefined || isRef(s.host)) &&
    typeof s.restarts === "number" &&
    ["starting", "running", "restarting", "stopped"].includes(s.phase as string)
  );
}

/** "signal SIGKILL" / "exit code 3", as a reason a person reads. */
export function describeExit(exit: Pick<HostExit, "code" | "signal">): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code ?? "?"}`;
}
