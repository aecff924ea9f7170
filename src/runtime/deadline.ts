// A deadline for a command run inside a node. A timeout on the host-side nsenter is not enough:
// killing nsenter leaves its child (a vtysh waiting on a frozen bgpd, say) running in the node
// with our stdout pipe open, so the wait for its output never ends. coreutils `timeout` runs in
// the node beside the command and kills it (and, with -k, SIGKILLs it a second later), so the
// pipe closes and the exec returns. Pure: the argv and the reading of its exit status.
import { FabricError } from "../errors.js";
import { formatCommand } from "../host/command.js";

/** `timeout` exits with 124 when the command ran out of time (coreutils, timeout(1)). */
export const TIMED_OUT_STATUS = 124;
const KILL_AFTER_S = 1;

export function deadlineArgv(argv: readonly string[], timeoutMs: number): string[] {
  const seconds = Math.max(0.1, timeoutMs / 1000);
  return ["timeout", "-k", String(KILL_AFTER_S), seconds.toFixed(1), ...argv];
}

/** How much longer the host side waits past the deadline before giving up on the node itself. */
export function backstopMs(timeoutMs: number): number {
  return timeoutMs + (KILL_AFTER_S + 2) * 1000;
}

export function nodeTimeoutError(node: string, argv: readonly string[], timeoutMs: number): FabricError {
  const [file = "", ...args] = argv;
  return new FabricError(
    "node-exec-timeout",
    `node ${node} did not finish \`${formatCommand(file, args)}\` within ${(timeoutMs / 1000).toFixed(1)} s`,
    {
      suggestion: `if it is frozen (fabric node stop), start it with fabric node start ${node}; otherwise check its daemons with fabric exec ${node} -- ps ax`,
    },
  );
}
