// Reading JSON fabric did not write itself in this process (a lab record on disk, FRR's `show …
// json`, `ip -json`): parse, then check it against a valibot schema, so the type the rest of the
// code sees is the one that was checked, never a cast. Either failure is a FabricError that says
// what was being read and, for a wrong shape, where in the document it went wrong.
import * as v from "valibot";
import { FabricError, type FabricErrorCode } from "../errors.js";

/** Whose JSON this is, for the error: `what` reads as a noun ("FRR's show bgp summary json on tor1"). */
export interface JsonSource {
  readonly what: string;
  readonly code: FabricErrorCode;
  readonly suggestion?: string;
}

/** At most this many problems are named in one message; the rest are counted. */
const ISSUES_SHOWN = 3;

export function parseJson<const S extends v.GenericSchema>(
  schema: S,
  text: string,
  source: JsonSource,
): v.InferOutput<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FabricError(source.code, `${source.what} is not JSON: ${(cause as Error).message}`, {
      cause,
      ...(source.suggestion !== undefined && { suggestion: source.suggestion }),
    });
  }
  return checkJson(schema, value, source);
}

/** The shape check alone, for a value parsed elsewhere. */
export function checkJson<const S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  source: JsonSource,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new FabricError(
    source.code,
    `${source.what} is not in the expected form: ${describeIssues(result.issues)}`,
    {
      cause: new v.ValiError(result.issues),
      ...(source.suggestion !== undefined && { suggestion: source.suggestion }),
    },
  );
}

/** `peers.net0.state: Invalid type: Expected string but received 3; …` */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const shown = issues.slice(0, ISSUES_SHOWN).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}
