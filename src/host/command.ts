// The one place fabric starts a host tool. Every call is an argv array (never a shell string, so
// no node or lab name can be interpreted by a shell), and every failure becomes a FabricError that
// names the command, carries its stderr, and keeps the underlying error as `cause`.
//
// Every child process fabric starts, here or through `spawnLimit` (holders, long-running
// processes), takes a slot of one process-wide limit, so a lab of any size has a bounded number
// of children, and of their pipes, in flight (see util/limit.ts).
import { execa } from "execa";
import { FabricError } from "../errors.js";
import { defaultProcessLimit, limiter } from "../util/limit.js";

/** The one limit on child processes starting or running at once in this fabric process. */
export const spawnLimit = limiter(defaultProcessLimit());

export const HostErrorCode = {
  failed: "host-command-failed",
  missing: "host-command-missing",
  timeout: "host-command-timeout",
} as const;

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string;
  /** With `cleanEnv`, the child sees only this environment; otherwise it is added to ours. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cleanEnv?: boolean;
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/** `ip -json link`, quoted the way a user would retype it; for messages only, never executed. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

/** Runs a command and returns its result whatever the exit code; throws only when it could not run. */
export async function attempt(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<CommandResult> {
  const result = await spawnLimit(() =>
    execa(file, [...args], {
      reject: false,
      input: opts.input ?? "",
      env: opts.env ? { ...opts.env } : undefined,
      extendEnv: !opts.cleanEnv,
      timeout: opts.timeoutMs,
      cwd: opts.cwd,
      stripFinalNewline: false,
    }),
  );
  const command = formatCommand(file, args);
  if (result.timedOut) {
    throw new FabricError(HostErrorCode.timeout, `${command} did not finish within ${opts.timeoutMs} ms`, {
      cause: result,
    });
  }
  if (result.exitCode === undefined) {
    // Never started (ENOENT, EACCES) or killed by a signal: there is no exit code to hand back.
    const missing = result.code === "ENOENT";
    throw new FabricError(
      missing ? HostErrorCode.missing : HostErrorCode.failed,
      missing ? `${file} is not installed or not on PATH` : `${command} failed: ${result.shortMessage}`,
      { cause: result, suggestion: missing ? "install the Debian package that provides it" : undefined },
    );
  }
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs a command that must succeed. */
export async function run(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<CommandResult> {
  const result = await attempt(file, args, opts);
  if (result.exitCode !== 0) {
    throw commandFailed(file, args, result);
  }
  return result;
}

export function commandFailed(file: string, args: readonly string[], result: CommandResult): FabricError {
  const stderr = result.stderr.trim();
  return new FabricError(
    HostErrorCode.failed,
    `${formatCommand(file, args)} exited with ${result.exitCode}${stderr ? `: ${stderr}` : ""}`,
    { cause: result },
  );
}
