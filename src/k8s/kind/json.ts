// Reading kubectl's `-o json` output without trusting its shape: every field is checked, and a
// document that is not a Kubernetes List fails with the command named, instead of an undefined
// surfacing three functions later.
import { FabricError } from "../../errors.js";
import { KindErrorCode } from "./errors.js";

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function field(obj: JsonRecord, key: string): JsonRecord {
  const value = obj[key];
  return isRecord(value) ? value : {};
}

export function text(obj: JsonRecord, key: string): string | undefined {
  const value = obj[key];
  return typeof value === "string" ? value : undefined;
}

export function records(obj: JsonRecord, key: string): JsonRecord[] {
  const value = obj[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function strings(obj: JsonRecord, key: string): string[] {
  const value = obj[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** `metadata.labels`: a map of strings; anything else in it is ignored. */
export function stringMap(obj: JsonRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The `items` of a `kind: List` (or `NodeList`/`PodList`) document printed by `source`. */
export function listItems(stdout: string, source: string): JsonRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new FabricError(KindErrorCode.outputInvalid, `${source} did not print JSON`, { cause: err });
  }
  if (!isRecord(doc) || !Array.isArray(doc["items"])) {
    throw new FabricError(KindErrorCode.outputInvalid, `${source} did not print a Kubernetes List`);
  }
  return records(doc, "items");
}

/** A status condition (`Ready`, `PodScheduled` …) by type. */
export function condition(status: JsonRecord, type: string): JsonRecord | undefined {
  return records(status, "conditions").find((c) => c["type"] === type);
}
