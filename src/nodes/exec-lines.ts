// containerlab's `exec:` lines: each runs inside the node after its links exist, in order, and the
// first failure stops the deploy. Lines are shell command lines as the user wrote them (quotes,
// pipes, `>`), so each is handed whole to `sh -c` *inside the node*: it is the user's own
// command in the user's own node, not a string fabric built from input.
//
// All of a node's lines run in one process started in the node (a small driver shell that runs
// each with `sh -c` in turn): at a thousand nodes, a process started per line was thousands of
// starts on two cores. The driver writes a marker before each line on stdout and stderr, so a
// failure still names its line and shows that line's own output.
import { FabricError } from "../errors.js";
import { mustSucceed } from "./must-exec.js";
import type { NodeContext } from "./types.js";

export const EXEC_TIMEOUT_MS = 120_000;

const MARK = "\u001e";

/** Runs `$1`, `$2` … each with `sh -c`, a marker before each, stopping at the first failure. */
export const EXEC_DRIVER = `n=0
for line do
  n=$((n+1))
  printf '\\036%d\\036\\n' "$n"
  printf '\\036%d\\036\\n' "$n" >&2
  sh -c "$line" || exit $?
done`;

/** The driver's argv for these lines (pure, so the shape is unit-tested). */
export function execDriverArgv(lines: readonly string[]): string[] {
  return ["sh", "-c", EXEC_DRIVER, "fabric-exec", ...lines];
}

/** Which line the driver was at (1-based; 0 before the first), and what that line printed. */
export function lastLineOutput(output: string): { line: number; text: string } {
  const re = new RegExp(`${MARK}(\\d+)${MARK}\\n`, "g");
  let line = 0;
  let from = 0;
  for (const m of output.matchAll(re)) {
    line = Number(m[1]);
    from = m.index + m[0].length;
  }
  return { line, text: output.slice(from) };
}

/**
 * containerlab gives its nodes IPv4 and IPv6 forwarding (a fresh network namespace starts with
 * both off), which is what lets an FRR image route; per namespace, the host's own is untouched.
 */
export const FORWARDING_LINE = "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1";

export interface ExecLinesOptions {
  /** Turn forwarding on first, in the same process (FORWARDING_LINE). */
  readonly forwarding?: boolean;
}

export async function runExecLines(
  ctx: NodeContext,
  lines: readonly string[],
  opts: ExecLinesOptions = {},
): Promise<void> {
  const ours = opts.forwarding ? [FORWARDING_LINE] : [];
  const all = [...ours, ...lines];
  if (all.length === 0) return;
  if (lines.length > 0) {
    ctx.progress(lines.length === 1 ? `exec: ${abbreviate(lines[0]!)}` : `exec lines (${lines.length})`);
  }
  const argv = execDriverArgv(all);
  const timeoutMs = EXEC_TIMEOUT_MS * all.length;
  const where = `${ctx.node.location.file} (node ${ctx.node.name}, line ${ctx.node.location.line})`;
  let result;
  try {
    result = await ctx.runtime.exec(ctx.record, argv, { env: ctx.node.env, timeoutMs });
  } catch (err) {
    if (err instanceof FabricError && err.code === "node-exec-timeout") {
      throw new FabricError(
        "exec-failed",
        `node ${ctx.node.name}: its exec lines did not finish within ${timeoutMs / 1000} s (${EXEC_TIMEOUT_MS / 1000} s a line)`,
        { cause: err, suggestion: `make the lines in ${where} finish; the deploy was rolled back` },
      );
    }
    throw err;
  }
  if (result.exitCode === 0) return;
  const out = lastLineOutput(result.stdout);
  const err = lastLineOutput(result.stderr);
  const at = Math.max(out.line, err.line, 1);
  const shown = { ...result, stdout: out.text, stderr: err.text };
  if (at <= ours.length) mustSucceed(ctx.record.name, ["sh", "-c", all[at - 1]!], shown, "sysctl-failed");
  const n = at - ours.length;
  const line = lines[n - 1]!;
  mustSucceed(ctx.record.name, ["sh", "-c", line], shown, "exec-failed", {
    step: `exec line ${n}`,
    shown: line,
    suggestion: `fix the line in ${where}; the deploy was rolled back`,
  });
}

function abbreviate(line: string): string {
  return line.length > 60 ? line.slice(0, 57) + "…" : line;
}
