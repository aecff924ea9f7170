// What every validation rule gets: the raw topology, the nodes after inheritance, and a way to
// point into the file. A rule is a named function returning its findings; all of them run.
import type { Diagnostic } from "../../../errors.js";
import type { Report } from "../diag.js";
import type { EffectiveNode } from "../merge.js";
import type { RawTopology } from "../raw.js";

export interface RuleContext {
  readonly raw: RawTopology;
  readonly nodes: readonly EffectiveNode[];
  readonly byName: ReadonlyMap<string, EffectiveNode>;
  readonly report: Report;
  /** Directory of the topology file: relative paths resolve against it. */
  readonly baseDir: string;
  readonly clusterNodeNames: ReadonlySet<string>;
  /** The lab names a cluster file that could not be read: its node names are unknown, not absent. */
  readonly clusterUnreadable: boolean;
  /** Binds may share the host's system directories (the lab file opted in). */
  readonly allowSystemBinds: boolean;
}

export type Rule = (ctx: RuleContext) => Diagnostic[];
