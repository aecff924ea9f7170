// A router's configuration survives its bgpd being restarted. containerlab-style labs push their
// BGP config with `vtysh -c …` exec lines, which change only the running config; when bgpd dies
// FRR's watchfrr starts it again and it loads /etc/frr/frr.conf, which knows nothing of those
// lines, so the router comes back empty. Saving the running config once the exec lines are done
// makes FRR's own restart path re-apply exactly what deploy applied, with no fabric process
// watching. /etc/frr is the node's private copy (NODE_PRIVATE_DIRS): the host's is untouched.
import type { NodeRecord, Runtime } from "../runtime/types.js";

const TIMEOUT_MS = 10_000;

export type PersistOutcome = "saved" | "no-frr" | "failed";

/** `write memory` in the node; "no-frr" when no FRR answers there (a linux node without it). */
export async function persistFrrConfig(runtime: Runtime, record: NodeRecord): Promise<PersistOutcome> {
  const probe = await runtime
    .exec(record, ["vtysh", "-c", "show version"], { timeoutMs: TIMEOUT_MS })
    .catch(() => undefined);
  if (probe?.exitCode !== 0) return "no-frr";
  const saved = await runtime
    .exec(record, ["vtysh", "-c", "write memory"], { timeoutMs: TIMEOUT_MS })
    .catch(() => undefined);
  return saved?.exitCode === 0 ? "saved" : "failed";
}
