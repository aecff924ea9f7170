// containerlab's `exec:` lines: each runs inside the node after its links exist, in order, and the
// first failure stops the deploy. Lines are shell command lines as the user wrote them (quotes,
// pipes, `>`), so each is handed whole to `sh -c` *inside the node*: it is the user's own
// command in the user's own node, not a string fabric built from input.
import { mustExec } from "./must-exec.js";
import type { NodeContext } from "./types.js";

export const EXEC_TIMEOUT_MS = 120_000;

export async function runExecLines(ctx: NodeContext, lines: readonly string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    ctx.progress(`exec ${i + 1}/${lines.length}: ${abbreviate(line)}`);
    await mustExec(ctx.runtime, ctx.record, ["sh", "-c", line], "exec-failed", {
      env: ctx.node.env,
      timeoutMs: EXEC_TIMEOUT_MS,
      step: `exec line ${i + 1}`,
      shown: line,
      suggestion: `fix the line in ${ctx.node.location.file} (node ${ctx.node.name}, line ${ctx.node.location.line}); the deploy was rolled back`,
    });
  }
}

function abbreviate(line: string): string {
  return line.length > 60 ? line.slice(0, 57) + "…" : line;
}
