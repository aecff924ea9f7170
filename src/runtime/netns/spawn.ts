// Long-running processes inside a node (a pod's command, our BGP speaker, say).
//
//   nsenter --target HOLDER --net --mount --uts --ipc --pid --no-fork -- sh -c SPAWN_SCRIPT fabric-spawn ARGV…
//
// With --no-fork, nsenter execs the shell in place: the shell has the node's namespaces but stays
// in the host's pid namespace, and only its children enter the node's. So the command lives in the
// node's pid namespace (killed with the node even if fabric has exited), and `$!` is its pid as the
// host sees it: the shell hands it over on fd 3, and nothing has to look for it in /proc. The shell
// stays behind as the host-side parent that waits (the pid the record keeps, as nsenter was), and
// passes SIGTERM (resuming a frozen command), SIGINT and SIGHUP on to the command. The process is detached (own session) with
// output to a log file, so it survives the fabric command that started it.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { constants } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { FabricError } from "../../errors.js";
import { spawnLimit } from "../../host/command.js";
import { sharedSpawner, type Spawner } from "../../host/spawner/client.js";
import { nsenterArgv, type NsenterTarget } from "../../host/nsenter.js";
import { isRunning, processRef, signalIfSame, waitUntilGone } from "../../host/proc.js";
import type { SpawnedProcess } from "../types.js";

export const SPAWN_MARKER = "fabric-spawn";

// SIGTERM is followed by SIGCONT, so a command frozen by `fabric node stop` acts on it (a stop
// through the shell never has to look in /proc for the command). `wait` returns early when a
// trapped signal arrives; the loop waits again until the command has
// really gone, so the shell's status is the command's own (128 + n when a signal ended it).
export const SPAWN_SCRIPT = `"$@" 3>&- &
child=$!
echo "pid $child" >&3
exec 3>&-
trap 'kill -TERM "$child" 2>/dev/null; kill -CONT "$child" 2>/dev/null' TERM
trap 'kill -INT "$child" 2>/dev/null' INT
trap 'kill -HUP "$child" 2>/dev/null' HUP
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
exit "$status"
`;

// Started by the spawner, the shell's stdout is the pipe the report is read from and its stderr
// the log: fd 3 becomes that pipe and stdout the log, and the script is the same from there.
const REPORT_ON_STDOUT = "exec 3>&1 1>&2\n";

/**
 * nsenter's argv for running `argv` in the node (pure, so the shape is unit-tested): the report
 * on fd 3, or with `reportOnStdout` on stdout (the log then being stderr).
 */
export function spawnArgv(target: NsenterTarget, argv: readonly string[], reportOnStdout = false): string[] {
  if (!target.namespaces.includes("pid")) throw new Error("spawn needs the node's pid namespace");
  const script = reportOnStdout ? REPORT_ON_STDOUT + SPAWN_SCRIPT : SPAWN_SCRIPT;
  const inNode = nsenterArgv(target, ["sh", "-c", script, SPAWN_MARKER, ...argv]);
  const sep = inNode.indexOf("--");
  return [...inNode.slice(0, sep), "--no-fork", ...inNode.slice(sep)];
}

/** The pid the shell printed on fd 3. */
export function parseSpawnReport(text: string): number | undefined {
  const m = /^pid (\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** A status of 128 + n from the shell means signal n ended the command, as a shell reports it. */
function exitOf(exitCode: number | null, signal: NodeJS.Signals | null) {
  if (exitCode !== null && exitCode > 128) {
    const name = Object.entries(constants.signals).find(([, n]) => n === exitCode - 128)?.[0];
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode, signal };
}

export async function spawnInNode(
  target: NsenterTarget,
  argv: readonly string[],
  env: Record<string, string>,
  logFile: string,
): Promise<SpawnedProcess> {
  await mkdir(path.dirname(logFile), { recursive: true });
  const spawner = sharedSpawner();
  const { pid, report, exited, spawnError } = await spawnLimit(() =>
    spawner
      ? startThrough(spawner, target, argv, env, logFile)
      : start(spawnArgv(target, argv), env, logFile),
  );
  // A fork that failed (EAGAIN once the host runs out of pids, say) is an error of this start,
  // not an unhandled event that ends fabric before it can roll back.
  if (spawnError) {
    throw new FabricError("node-spawn-failed", `could not run nsenter: ${spawnError.message}`, {
      cause: spawnError,
    });
  }
  // Keep a rejected `exited` from surfacing as an unhandled rejection when nobody awaits it.
  exited.catch(() => undefined);
  const ref = pid === undefined ? undefined : await processRef(pid);
  const innerPid = parseSpawnReport(report);
  const inner = innerPid === undefined ? undefined : await processRef(innerPid);
  if (ref === undefined || inner === undefined) {
    // The shell's command never started: the shell is ending, and nothing of it may be left.
    if (ref) await waitUntilGone(ref, 5_000);
    throw new FabricError("node-spawn-failed", `${argv.join(" ")} ended at once; see ${logFile}`);
  }
  return {
    ref,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (await isRunning(inner)) await signalIfSame(inner, signal);
      await waitUntilGone(ref, 5_000);
    },
  };
}

interface Started {
  /** The host-side shell's pid (what the record keeps). */
  readonly pid: number | undefined;
  readonly report: string;
  readonly exited: Promise<{ exitCode: number | null; signal: string | null }>;
  readonly spawnError?: Error;
}

/**
 * start()'s job done by the spawner (host/spawner), so a lab's thousands of pods do not each cost
 * a fork of this process (3–10 ms of page tables copied on the event loop at a few hundred MB).
 */
async function startThrough(
  spawner: Spawner,
  target: NsenterTarget,
  argv: readonly string[],
  env: Record<string, string>,
  logFile: string,
): Promise<Started> {
  const started = await spawner
    .start({
      file: "nsenter",
      args: spawnArgv(target, argv, true),
      envMode: "replace",
      env,
      cwd: "/",
      stderrFile: logFile,
    })
    // The spawner ended under us (the host out of pids or memory): this start failed.
    .catch((e: unknown) => e as Error);
  if (started instanceof Error) {
    return {
      pid: undefined,
      report: "",
      exited: Promise.resolve({ exitCode: null, signal: null }),
      spawnError: started,
    };
  }
  const { outcome, exited } = started;
  if (outcome.kind === "not-started") {
    const spawnError = Object.assign(new Error(outcome.message), { code: outcome.code });
    return {
      pid: undefined,
      report: "",
      exited: Promise.resolve({ exitCode: null, signal: null }),
      spawnError,
    };
  }
  return {
    pid: outcome.pid,
    report: outcome.stdout,
    exited: exited.then((e) => exitOf(e.exitCode, e.signal)),
  };
}

/** Spawns and reads fd 3 until the shell closes it (once it has printed the command's pid). */
async function start(args: string[], env: Record<string, string>, logFile: string): Promise<Started> {
  const { child, report, spawnError } = await spawnReading(args, env, logFile);
  const exited = new Promise<{ exitCode: number | null; signal: string | null }>((resolve, reject) => {
    child.once("error", (cause) =>
      reject(new FabricError("node-spawn-failed", `could not run nsenter: ${cause.message}`, { cause })),
    );
    child.once("exit", (exitCode, signal) => resolve(exitOf(exitCode, signal)));
  });
  return { pid: child.pid, report, exited, ...(spawnError && { spawnError }) };
}

function spawnReading(args: string[], env: Record<string, string>, logFile: string) {
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn("nsenter", args, { detached: true, stdio: ["ignore", fd, fd, "pipe"], env, cwd: "/" });
  } finally {
    closeSync(fd);
  }
  child.unref();
  const pipe = child.stdio[3] as Readable | null;
  return new Promise<{ child: ChildProcess; report: string; spawnError?: Error }>((resolve) => {
    let report = "";
    let spawnError: Error | undefined;
    // Listened for at once: an 'error' with no listener is thrown, and the caller's own listeners
    // are only added once this has resolved.
    child.once("error", (e) => {
      spawnError = e;
      done();
    });
    if (!pipe) return resolve({ child, report });
    // Destroyed once read, or our end stays open as long as the process runs: one descriptor
    // per pod in this process (549 at 256 nodes).
    function done() {
      pipe?.destroy();
      resolve({ child, report, ...(spawnError && { spawnError }) });
    }
    pipe.setEncoding("utf8");
    pipe.on("data", (chunk: string) => (report += chunk));
    pipe.once("end", done);
    pipe.once("error", done);
  });
}
