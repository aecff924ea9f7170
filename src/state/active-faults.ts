// Which faults are in force, kept in the lab state record's `meta.faults` so `fabric inspect` (or
// anyone reading lab.json) can tell a lab that is broken on purpose from one that is broken. Only
// facts for people: destroy ignores them, since removing the nodes removes every fault with them.
import * as v from "valibot";
import type { LabState } from "./state-store.js";
import { checkJson } from "../util/json.js";

const ActiveFaultSchema = v.object({
  /** One entry per thing faulted: `link:a:eth1|b:eth1`, `node:tor1`, `netem:tor1:net0`. */
  key: v.string(),
  /** The fault as it was given, e.g. `link down tor1:net0`. */
  fault: v.string(),
  /** What it touched, e.g. `tor1:net0 and router0:net1 down`. */
  detail: v.string(),
  since: v.string(),
  /**
   * `node stop` of a Kubernetes node whose speaker is an instance in the lab's speaker host (a
   * process of fabric's own outside the node, which SIGSTOP must not reach): the instance was
   * stopped through the host, so `node start` starts it again — and only then.
   */
  pausedSpeaker: v.optional(v.boolean()),
});

export type ActiveFault = Readonly<v.InferOutput<typeof ActiveFaultSchema>>;

export const FAULTS_META_KEY = "faults";

/** What the record says is in force; a lab nobody has faulted has none. */
export function activeFaults(lab: LabState): ActiveFault[] {
  const raw = lab.meta[FAULTS_META_KEY];
  if (raw === undefined) return [];
  return checkJson(v.array(ActiveFaultSchema), raw, {
    what: `meta.faults in the state record of lab ${lab.lab}`,
    code: "state-corrupt",
  });
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
