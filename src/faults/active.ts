// Which faults are in force, kept in the lab state record's `meta.faults` so `fabric inspect` (or
// anyone reading lab.json) can tell a lab that is broken on purpose from one that is broken. Only
// facts for people: destroy ignores them, since removing the nodes removes every fault with them.
import type { LabState } from "../state/state-store.js";

export interface ActiveFault {
  /** One entry per thing faulted: `link:a:eth1|b:eth1`, `node:tor1`, `netem:tor1:net0`. */
  readonly key: string;
  /** The fault as it was given, e.g. `link down tor1:net0`. */
  readonly fault: string;
  /** What it touched, e.g. `tor1:net0 and router0:net1 down`. */
  readonly detail: string;
  readonly since: string;
}

export const FAULTS_META_KEY = "faults";

export function activeFaults(lab: LabState): ActiveFault[] {
  const raw = lab.meta[FAULTS_META_KEY];
  return Array.isArray(raw) ? (raw as ActiveFault[]) : [];
}

/** Sets (replaces) or, with `undefined`, clears the entry for `key`. */
export function withFault(
  current: readonly ActiveFault[],
  key: string,
  entry: ActiveFault | undefined,
): ActiveFault[] {
  const rest = current.filter((f) => f.key !== key);
  return entry ? [...rest, entry] : rest;
}
