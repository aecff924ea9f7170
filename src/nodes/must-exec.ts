// "Run this in a node; it must succeed": the one way fabric turns a command's non-zero exit
// inside a node into an error. The message always names the node, the command (or the step the
// user knows it by), the exit code and what the command printed, so every such failure reads the
// same whichever step of a deploy, fault or check it came from.
import { FabricError, type FabricErrorCode } from "../errors.js";
import { formatCommand } from "../host/command.js";
import type { ExecOptions, ExecResult, NodeRecord, Runtime } from "../runtime/types.js";

export interface MustExecOptions extends ExecOptions {
  /** The step as the user knows it ("exec line 3"); the command then follows the exit code. */
  readonly step?: string;
  /** The command as the user wrote it, when argv wraps it (`sh -c LINE` shows LINE). */
  readonly shown?: string;
  /** What to do about it; a function when the advice depends on what the command printed. */
  readonly suggestion?: string | ((result: ExecResult) => string | undefined);
}

type Described = Pick<MustExecOptions, "step" | "shown" | "suggestion">;

/** The error for a command that exited non-zero in `node`. */
export function execFailed(
  node: string,
  argv: readonly string[],
  result: ExecResult,
  code: FabricErrorCode,
  how: Described = {},
): FabricError {
  const command = how.shown ?? formatCommand(argv[0] ?? "", argv.slice(1));
  const head = how.step
    ? `node ${node}: ${how.step} exited with ${result.exitCode}: ${command}`
    : `node ${node}: ${command} exited with ${result.exitCode}`;
  const output = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join("\n");
  const suggestion = typeof how.suggestion === "function" ? how.suggestion(result) : how.suggestion;
  return new FabricError(code, output ? `${head}\n${indent(output)}` : head, {
    cause: result,
    ...(suggestion !== undefined && { suggestion }),
  });
}

/** Returns the result when the command succeeded; throws `execFailed` otherwise. */
export function mustSucceed(
  node: string,
  argv: readonly string[],
  result: ExecResult,
  code: FabricErrorCode,
  how: Described = {},
): ExecResult {
  if (result.exitCode !== 0) throw execFailed(node, argv, result, code, how);
  return result;
}

/** Runs argv in the node and returns its result; a non-zero exit throws a FabricError with `code`. */
export async function mustExec(
  runtime: Runtime,
  record: NodeRecord,
  argv: readonly string[],
  code: FabricErrorCode,
  opts: MustExecOptions = {},
): Promise<ExecResult> {
  const { step, shown, suggestion, ...exec } = opts;
  const result = await runtime.exec(record, argv, exec);
  return mustSucceed(record.name, argv, result, code, { step, shown, suggestion });
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
