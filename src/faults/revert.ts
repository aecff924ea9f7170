// Undoing the faults a run applied, for an interrupted `fabric test`: the scenario's `link down`
// must not outlive it. What is still in force is the lab record's word (state/active-faults.ts),
// so a fault the scenario already reverted itself, or one that was in force before the run began,
// is left alone.
import { assertNever } from "../errors.js";
import { describeFault, type Fault } from "../model/lab-file/faults.js";
import type { ActiveFault } from "../state/active-faults.js";

/** The fault that undoes `fault`; undefined for those that undo (up, start, clear). Pure. */
export function inverseFault(fault: Fault): Fault | undefined {
  switch (fault.type) {
    case "link":
      return fault.action === "down" ? { ...fault, action: "up" } : undefined;
    case "node":
    case "pod":
      return fault.action === "stop" ? { ...fault, action: "start" } : undefined;
    case "netem":
      return { type: "netem-clear", target: fault.target };
    case "netem-clear":
      return undefined;
    // The host's supervisor starts it again by itself.
    case "speaker-host":
      return undefined;
    default:
      return assertNever(fault, "fault");
  }
}

/** A fault in force and the one that undoes it. */
export interface Reversal {
  readonly fault: Fault;
  readonly undo: Fault;
}

/**
 * What to apply, newest first, to undo the faults this run applied that the record still lists
 * as in force and that were not already in force when the run began. Pure.
 */
export function faultsToRevert(
  applied: readonly Fault[],
  inForceBefore: readonly ActiveFault[],
  inForceNow: readonly ActiveFault[],
): Reversal[] {
  const old = new Set(inForceBefore.map((f) => `${f.key}@${f.since}`));
  const mine = new Set(inForceNow.filter((f) => !old.has(`${f.key}@${f.since}`)).map((f) => f.fault));
  const reversals: Reversal[] = [];
  const seen = new Set<string>();
  for (const fault of [...applied].reverse()) {
    const text = describeFault(fault);
    const inverse = inverseFault(fault);
    if (!inverse || !mine.has(text) || seen.has(text)) continue;
    seen.add(text);
    reversals.push({ fault, undo: inverse });
  }
  return reversals;
}
