// The lab record's changes since its last full write, one JSON line each. Rewriting the whole
// record on every change made a deploy's writes grow with the square of the lab (1.6 MB per write
// at 256 nodes, most of the deploy's CPU); appending a line costs the size of the change. The
// store folds the journal back into the record (compacts) once it is as long as the record, so
// a read never replays more than about one record's worth of changes.
import * as v from "valibot";
import { FabricError } from "../errors.js";
import { checkJson } from "../util/json.js";
import type { LabPhase, LabState, ResourceEntry } from "./state-store.js";

export type JournalOp =
  | { readonly op: "add"; readonly entry: ResourceEntry }
  | { readonly op: "update"; readonly id: string; readonly record: unknown }
  | { readonly op: "forget"; readonly id: string }
  | { readonly op: "phase"; readonly phase: LabPhase }
  | { readonly op: "meta"; readonly key: string; readonly value: unknown };

const PHASES = ["deploying", "running", "failed", "destroying"] as const satisfies readonly LabPhase[];

const JournalOpSchema = v.variant("op", [
  v.object({
    op: v.literal("add"),
    entry: v.object({ type: v.string(), id: v.string(), record: v.unknown() }),
  }),
  v.object({ op: v.literal("update"), id: v.string(), record: v.unknown() }),
  v.object({ op: v.literal("forget"), id: v.string() }),
  v.object({ op: v.literal("phase"), phase: v.picklist(PHASES) }),
  v.object({ op: v.literal("meta"), key: v.string(), value: v.unknown() }),
]);

/** The journal's name in the lab directory: only these are ever opened, whatever a record says. */
export const JOURNAL_NAME = /^journal-[0-9]+-[0-9]+$/;

export function encodeOp(op: JournalOp): string {
  return JSON.stringify(op) + "\n";
}

/** The state after `op`. Pure: LabRecord applies it live, and a read replays the journal with it. */
export function applyOp(state: LabState, op: JournalOp): LabState {
  switch (op.op) {
    case "add":
      return { ...state, resources: [...state.resources, op.entry] };
    case "update":
      return {
        ...state,
        resources: state.resources.map((r) => (r.id === op.id ? { ...r, record: op.record } : r)),
      };
    case "forget":
      return { ...state, resources: state.resources.filter((r) => r.id !== op.id) };
    case "phase":
      return { ...state, phase: op.phase };
    case "meta":
      return { ...state, meta: { ...state.meta, [op.key]: op.value } };
  }
}

/**
 * The operations of a journal's text. A process killed while appending leaves at most its last
 * line torn (no newline yet): that change was never acted on (the record is written before the
 * resource is created), so it is dropped. A bad line anywhere else is corruption.
 */
export function parseJournal(
  text: string,
  where: { lab: string; file: string; labDir: string },
): JournalOp[] {
  const lines = text.split("\n");
  // After a complete last line, split leaves "" behind; anything else there is a torn append.
  lines.pop();
  const suggestion = `inspect it, then remove ${where.labDir} by hand once the lab's namespaces are gone`;
  return lines.map((line, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new FabricError(
        "state-corrupt",
        `line ${i + 1} of the state journal of lab ${where.lab} (${where.file}) cannot be read`,
        { cause, suggestion },
      );
    }
    return checkJson(JournalOpSchema, parsed, {
      what: `line ${i + 1} of the state journal of lab ${where.lab} (${where.file})`,
      code: "state-corrupt",
      suggestion,
    });
  });
}
