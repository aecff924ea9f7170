// iptables rules fabric owns. A rule is identified by its exact spec (which includes a comment
// naming the lab), so teardown can delete it from the record alone with `-D` and a crash
// between "recorded" and "inserted" is harmless: `-C` says whether there is anything to delete.
import { attempt, commandFailed, run } from "./command.js";

export interface IptablesRule {
  readonly table: "filter";
  readonly chain: string;
  /** Match and target, e.g. ["-i", "fab-x", "-m", "comment", "--comment", "…", "-j", "DROP"]. */
  readonly spec: readonly string[];
}

export function ruleArgv(op: "-I" | "-D" | "-C", rule: IptablesRule): string[] {
  // -w: wait for the xtables lock rather than fail when another lab changes rules concurrently.
  return ["-w", "-t", rule.table, op, rule.chain, ...rule.spec];
}

export async function ruleExists(rule: IptablesRule): Promise<boolean> {
  const argv = ruleArgv("-C", rule);
  const r = await attempt("iptables", argv);
  if (r.exitCode === 0) return true;
  if (r.exitCode === 1) return false; // "does a matching rule exist": no
  throw commandFailed("iptables", argv, r);
}

export async function insertRule(rule: IptablesRule): Promise<void> {
  if (await ruleExists(rule)) return;
  await run("iptables", ruleArgv("-I", rule));
}

/**
 * Deletes every copy of the rule; idempotent. `-D` until it finds none, which it says as `-C`
 * does (exit 1): a process per copy and one more, where a `-C` before each `-D` made it two per
 * copy and one more (six in series for a lab's two rules, on every destroy).
 */
export async function deleteRule(rule: IptablesRule): Promise<void> {
  const argv = ruleArgv("-D", rule);
  for (;;) {
    const r = await attempt("iptables", argv);
    if (r.exitCode === 1) return; // "does a matching rule exist": no (more)
    if (r.exitCode !== 0) throw commandFailed("iptables", argv, r);
  }
}

/** `iptables -S CHAIN` lines, for snapshots and diagnostics. */
export async function listRules(chain: string): Promise<string[]> {
  const out = (await run("iptables", ["-w", "-S", chain])).stdout;
  return out.split("\n").filter((l) => l.trim() !== "");
}
