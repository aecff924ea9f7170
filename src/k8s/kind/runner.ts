// The one seam between the kind provider and the host: every command goes through a
// CommandRunner, so unit tests record the argv sequence and answer with canned output, and the
// real runner is the host's execa wrapper (argv only, failures keep their cause).
import { attempt, formatCommand, type CommandResult } from "../../host/command.js";
import { FabricError } from "../../errors.js";
import { KindErrorCode } from "./errors.js";
import type { Command } from "./commands.js";

export interface RunnerOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
}

export interface CommandRunner {
  /**
   * Runs a command and resolves with its result whatever the exit code; rejects only when it
   * could not run at all (not installed, timed out), as `attempt` in host/command.ts does.
   */
  run(command: Command, opts?: RunnerOptions): Promise<CommandResult>;
}

export const execaRunner: CommandRunner = {
  run(command, opts = {}) {
    return attempt(command.file, command.args, {
      ...(opts.input !== undefined && { input: opts.input }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
    });
  },
};

/** Runs a command that must exit 0; otherwise a FabricError naming it, with its stderr. */
export async function mustRun(
  runner: CommandRunner,
  command: Command,
  opts: RunnerOptions = {},
): Promise<CommandResult> {
  const result = await runner.run(command, opts);
  if (result.exitCode !== 0) {
    const stderr = result.stderr.trim();
    throw new FabricError(
      KindErrorCode.commandFailed,
      `${formatCommand(command.file, command.args)} exited with ${result.exitCode}${stderr ? `: ${stderr}` : ""}`,
      { cause: result },
    );
  }
  return result;
}
