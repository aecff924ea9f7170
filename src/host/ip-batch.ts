// Several `ip` commands in one process: `ip -batch`, for a list known at once (ipBatch, in one
// namespace) and for commands asked for separately on the host (IpBatcher).
//
// The batcher: deploy creates nodes and pods concurrently; each asks for its `ip netns attach` and
// its veth pair on its own, and each ask was a process. Commands asked for in the same turn of the
// event loop (or while the previous batch still runs) go in one batch; each caller still gets its
// own command's outcome.
//
// `-force` keeps the batch going past a failing line, and ip names every failed line
// ("Command failed -:N") after the kernel's error for it, so a failure is handed to the caller of
// that line alone, with that error.
import { FabricError, InternalError } from "../errors.js";
import { attempt, formatCommand, HostErrorCode, type CommandResult } from "./command.js";
import { ipArgv, type NetnsPath } from "./ip.js";

// `ip -batch` splits lines on blanks and gives quotes and `#` meaning; fabric's names (interface
// names, namespace paths, addresses) never contain them, and one that did is a bug to report, not
// a string to quote.
const BATCH_TOKEN = /^[^\s"'#\\]+$/;

/** The stdin of `ip -batch -` for these commands (pure, so the text is unit-tested). */
export function batchText(lines: readonly (readonly string[])[]): string {
  return lines
    .map((line) => {
      const bad = line.find((t) => !BATCH_TOKEN.test(t));
      if (bad !== undefined) {
        throw new InternalError(`${JSON.stringify(bad)} cannot go in an ip -batch line`);
      }
      return `${line.join(" ")}\n`;
    })
    .join("");
}

/**
 * Runs several `ip` commands in one process (`ip -batch -`), in a namespace or on the host, in
 * order, stopping at the first that fails: one process per namespace instead of one per command.
 */
export async function ipBatch(netns: NetnsPath, lines: readonly (readonly string[])[]): Promise<void> {
  if (lines.length === 0) return;
  const [file, argv] = ipArgv(netns, ["-batch", "-"]);
  const r = await attempt(file, argv, { input: batchText(lines) });
  if (r.exitCode !== 0) {
    const failed = /Command failed -:(\d+)/.exec(r.stderr);
    const line = failed ? lines[Number(failed[1]) - 1] : undefined;
    throw new FabricError(
      HostErrorCode.failed,
      `${line ? `ip ${line.join(" ")}` : "ip -batch"}${netns ? ` in ${netns}` : ""} failed: ${r.stderr.trim()}`,
      { cause: r },
    );
  }
}

/** Lines per `ip -batch` process; bounds one process's stdin and how long a caller may wait. */
const MAX_BATCH = 512;

interface Pending {
  readonly args: readonly string[];
  resolve(): void;
  reject(error: Error): void;
}

export type BatchRunner = (stdin: string) => Promise<CommandResult>;

const runOnHost: BatchRunner = (stdin) => attempt("ip", ["-force", "-batch", "-"], { input: stdin });

/**
 * The error for each failed line (1-based), from ip's stderr: the kernel's message is printed
 * before the "Command failed -:N" line it belongs to.
 */
export function failedLines(stderr: string): Map<number, string> {
  const failed = new Map<number, string>();
  let message: string[] = [];
  for (const line of stderr.split("\n")) {
    const m = /^Command failed -:(\d+)$/.exec(line.trim());
    if (m) {
      failed.set(Number(m[1]), message.join("\n").trim());
      message = [];
    } else if (line.trim() !== "") {
      message.push(line.trim());
    }
  }
  return failed;
}

export class IpBatcher {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly runner: BatchRunner = runOnHost) {}

  /** Runs `ip ARGS` on the host as part of the next batch; rejects with that command's own error. */
  run(args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      // Check the line now, so a bad token fails its caller instead of the whole batch.
      batchText([args]);
      this.queue.push({ args, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.runBatch(batch);
    }
    this.running = false;
  }

  private async runBatch(batch: readonly Pending[]): Promise<void> {
    let result: CommandResult;
    try {
      result = await this.runner(batchText(batch.map((p) => p.args)));
    } catch (cause) {
      for (const p of batch) p.reject(cause instanceof Error ? cause : new Error(String(cause)));
      return;
    }
    const failed = failedLines(result.stderr);
    if (result.exitCode !== 0 && failed.size === 0) {
      // ip failed without saying which line: every command in it is in doubt.
      const error = new FabricError(
        HostErrorCode.failed,
        `ip -batch exited with ${result.exitCode}: ${result.stderr.trim()}`,
        { cause: result },
      );
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const message = failed.get(i + 1);
      if (message === undefined) p.resolve();
      else
        p.reject(
          new FabricError(HostErrorCode.failed, `${formatCommand("ip", p.args)} failed: ${message}`, {
            cause: result,
          }),
        );
    });
  }
}

/** The process-wide batcher for host-side `ip` commands. */
export const hostIp = new IpBatcher();
