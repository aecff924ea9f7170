// The one place fabric starts a host tool. Every call is an argv array (never a shell string, so
// no node or lab name can be interpreted by a shell), and every failure becomes a FabricError that
// names the command, carries its stderr, and keeps the underlying error as `cause`.
//
// Short-lived commands start through a small python3 spawner where there is one (spawner/program.ts
// says why: fork from a large Node process is what made big labs slow), in-process otherwise.
//
// Every child process fabric starts, here or through `spawnLimit` (holders, long-running
// processes), takes a slot of one process-wide limit, so a lab of any size has a bounded number
// of children, and of their pipes, in flight (see util/limit.ts).
import { execa } from "execa";
import { FabricError } from "../errors.js";
import { defaultProcessLimit, limiter } from "../util/limit.js";
import { sharedSpawner, type Spawner } from "./spawner/client.js";

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
  return spawnLimit(async () => {
    const spawner = sharedSpawner();
    return spawner ? attemptThrough(spawner, file, args, opts) : attemptInProcess(file, args, opts);
  });
}

async function attemptThrough(
  spawner: Spawner,
  file: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<CommandResult> {
  const command = formatCommand(file, args);
  let outcome;
  try {
    outcome = await spawner.run({
      file,
      args,
      envMode: opts.cleanEnv ? "replace" : opts.env ? "extend" : "inherit",
      ...(opts.env && { env: opts.env }),
      ...(opts.cwd !== undefined && { cwd: opts.cwd }),
      ...(opts.input && { input: opts.input }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
    });
  } catch (cause) {
    throw new FabricError(HostErrorCode.failed, `${command} failed: ${(cause as Error).message}`, { cause });
  }
  if (outcome.kind === "not-started")
    return notStarted(file, command, outcome.code, outcome.message, outcome);
  if (outcome.timedOut) return timedOut(command, opts, outcome);
  if (outcome.exitCode === null) {
    throw new FabricError(HostErrorCode.failed, `${command} failed: killed by ${outcome.signal}`, {
      cause: outcome,
    });
  }
  return { exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
}

async function attemptInProcess(
  file: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<CommandResult> {
  const result = await execa(file, [...args], {
    reject: false,
    input: opts.input ?? "",
    env: opts.env ? { ...opts.env } : undefined,
    extendEnv: !opts.cleanEnv,
    timeout: opts.timeoutMs,
    cwd: opts.cwd,
    stripFinalNewline: false,
  });
  const command = formatCommand(file, args);
  if (result.timedOut) return timedOut(command, opts, result);
  if (result.exitCode === undefined) {
    // Never started (ENOENT, EACCES) or killed by a signal: there is no exit code to hand back.
    return notStarted(file, command, result.code, result.shortMessage ?? "it did not run", result);
  }
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function timedOut(command: string, opts: RunOptions, cause: unknown): never {
  throw new FabricError(HostErrorCode.timeout, `${command} did not finish within ${opts.timeoutMs} ms`, {
    cause,
  });
}

function notStarted(
  file: string,
  command: string,
  code: string | undefined,
  message: string,
  cause: unknown,
): never {
  const missing = code === "ENOENT";
  throw new FabricError(
    missing ? HostErrorCode.missing : HostErrorCode.failed,
    missing ? `${file} is not installed or not on PATH` : `${command} failed: ${message}`,
    { cause, suggestion: missing ? "install the Debian package that provides it" : undefined },
  );
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
