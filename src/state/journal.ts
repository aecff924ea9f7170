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
 * The state after every op of a journal, in order: what `ops.reduce(applyOp, base)` gives, in
 * time linear in ops plus resources. The reduce copied the resource list at every op, so reading
 * a record whose journal was nearly full replayed in time quadratic in the lab: with a 4,096-node
 * lab deploying beside it, a 4-node lab's deploy spent 23 s of CPU in it just to learn which
 * management subnets were taken (deploy.ts, mgmtSubnetsInUse).
 */
export function replayJournal(base: LabState, ops: readonly JournalOp[]): LabState {
  if (ops.length === 0) return base;
  // Removed entries become holes, filtered out once at the end, so positions stay valid.
  const resources: (ResourceEntry | undefined)[] = [...base.resources];
  const positions = new Map<string, number[]>();
  const place = (id: string, at: number): void => {
    const list = positions.get(id);
    if (list) list.push(at);
    else positions.set(id, [at]);
  };
  resources.forEach((r, i) => place(r!.id, i));
  let { phase, meta } = base;
  for (const op of ops) {
    switch (op.op) {
      case "add":
        place(op.entry.id, resources.length);
        resources.push(op.entry);
        break;
      case "update":
        for (const i of positions.get(op.id) ?? []) resources[i] = { ...resources[i]!, record: op.record };
        break;
      case "forget":
        for (const i of positions.get(op.id) ?? []) resources[i] = undefined;
        positions.delete(op.id);
        break;
      case "phase":
        phase = op.phase;
        break;
      case "meta":
        meta = { ...meta, [op.key]: op.value };
        break;
    }
  }
  return { ...base, phase, meta, resources: resources.filter((r): r is ResourceEntry => r !== undefined) };
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
