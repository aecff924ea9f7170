// The lab record as read back from disk is a trust boundary: another fabric version, a hand edit
// or a truncated disk can leave something that parses as JSON but is not a LabState. Checking it
// here means every command that reads a lab (destroy above all, which must work on a half-made
// lab) either gets a record of the right shape or stops with `state-corrupt`, instead of failing
// later on an undefined field. The schema mirrors state-store.ts's types; a compile-time check
// below fails when a field is added there and not here.
import * as v from "valibot";
import { FabricError } from "../errors.js";
import { checkJson } from "../util/json.js";
import type { LabPhase, LabState, ResourceEntry } from "./state-store.js";

const PHASES = ["deploying", "running", "failed", "destroying"] as const satisfies readonly LabPhase[];

const ResourceEntrySchema = v.object({
  type: v.string(),
  id: v.string(),
  // Owner-defined: each resource's owner checks its own record when it reads it.
  record: v.unknown(),
});

const LabStateSchema = v.object({
  version: v.number(),
  lab: v.string(),
  source: v.string(),
  runtime: v.string(),
  phase: v.picklist(PHASES),
  createdAt: v.string(),
  deployPid: v.number(),
  resources: v.array(ResourceEntrySchema),
  meta: v.record(v.string(), v.unknown()),
});

/** Keys of T that the schema S does not read: must be none (else the read drops that field). */
type Unread<T, S extends v.GenericSchema> = Exclude<keyof T, keyof v.InferOutput<S>>;
const everyLabStateField: [Unread<LabState, typeof LabStateSchema>] extends [never] ? true : false = true;
const everyResourceField: [Unread<ResourceEntry, typeof ResourceEntrySchema>] extends [never] ? true : false =
  true;
void everyLabStateField;
void everyResourceField;

export interface RecordLocation {
  readonly lab: string;
  readonly file: string;
  readonly labDir: string;
}

/**
 * The parsed content of a lab.json as a LabState of `version`. A record of another version is
 * `state-version` (it may be fine, for that version); anything else off-shape is `state-corrupt`.
 */
export function checkLabRecord(
  parsed: unknown,
  version: LabState["version"],
  where: RecordLocation,
): LabState {
  const stamped = typeof parsed === "object" && parsed !== null && "version" in parsed;
  if (stamped && parsed.version !== version) {
    throw new FabricError(
      "state-version",
      `the state record of lab ${where.lab} was written by another fabric version`,
    );
  }
  const state = checkJson(LabStateSchema, parsed, {
    what: `the state record of lab ${where.lab} (${where.file})`,
    code: "state-corrupt",
    suggestion: `inspect it, then remove ${where.labDir} by hand once the lab's namespaces are gone`,
  });
  return { ...state, version };
}
