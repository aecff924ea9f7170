// Entry point: builds the command tree and is the single place that turns errors into output
// and exit codes (DESIGN.md §4.9). Commands throw FabricError (its exit code: 1 the lab is not
// in the state asked for, 2 invalid input); an InternalError or anything else is a bug and is
// printed with its stack so it can be reported.
import { Command, CommanderError } from "commander";
import { ExitCode, FabricError } from "../errors.js";
import { formatInternal, printError, printJson } from "./output.js";
import { fabricErrorJson, internalErrorJson, usageErrorJson, wantsJson } from "./json-errors.js";
import { declareCommands } from "./commands/index.js";

/**
 * The whole command tree, ready to parse; main's and the help tests' single source. Commander's
 * own error text (and the usage hint after it) goes to `onError` when given: main keeps it for a
 * JSON error instead of writing it to stderr.
 */
export function createProgram(onError?: (text: string) => void): Command {
  const program = new Command("fabric")
    .description(
      "Emulate a leaf-spine datacenter fabric with Kubernetes nodes and BGP, reproducibly, in one command.",
    )
    .version("0.1.0")
    .exitOverride()
    .configureOutput(
      onError
        ? { outputError: (str) => onError(str), writeErr: (str) => onError(str) }
        : { outputError: (str, write) => write(str) },
    )
    .showHelpAfterError("(run with --help for usage)");
  declareCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const json = wantsJson(argv.slice(2));
  let usageText = "";
  const program = createProgram(json ? (t) => (usageText += t) : undefined);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version land here too, with exit code 0.
      if (err.exitCode === 0) return ExitCode.ok;
      if (json) printJson(usageErrorJson(usageText || err.message));
      return ExitCode.usage;
    }
    if (err instanceof FabricError) {
      if (json) printJson(fabricErrorJson(err));
      else printError(err);
      return err.exitCode;
    }
    // An InternalError (a broken invariant) or anything else thrown: a bug, with its stack.
    if (json) printJson(internalErrorJson(err));
    else process.stderr.write(formatInternal(err) + "\n");
    return ExitCode.failure;
  }
}
