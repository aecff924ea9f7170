// Starting a node's holder (pid 1 of its pid namespace, see host/unshare.ts) and learning its pid
// from what it prints, not by looking for it in /proc.
//
// The holder is started with node's own spawn, detached: it must outlive this fabric process
// (`fabric deploy` returns, the lab stays). Our end of its stdout pipe is the only descriptor the
// start holds; it is closed once the holder has said `ready` (pid 1 then points its stdout at
// /dev/null), so a lab of any size costs this process no descriptor per node.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { FabricError } from "../../errors.js";
import { spawnLimit } from "../../host/command.js";
import { sharedSpawner, type Spawner } from "../../host/spawner/client.js";
import { findByCmdline, isRunning, processRef, signalIfSame, type ProcessRef } from "../../host/proc.js";
import {
  holderArgv,
  holderSetup,
  isHolderCmdline,
  parseHolderReport,
  type HolderArgs,
  type MountStep,
} from "../../host/unshare.js";

export interface HolderStart {
  readonly id: string;
  readonly hostname: string;
  readonly stateDir: string;
  /** The network namespace to join instead of making one (`network-mode: container:X`). */
  readonly joinNetns?: string;
  /** The node's tmpfs: mounted on `stage`, at most `sizeBytes` (see host/unshare.ts). */
  readonly stage: string;
  readonly sizeBytes: number;
  readonly mounts: readonly MountStep[];
  /** A process whose mount namespace the node's is copied from (mount-template.ts). */
  readonly mountTemplatePid?: number;
}

function holderArgs(h: HolderStart): HolderArgs {
  return {
    id: h.id,
    hostname: h.hostname,
    ownNetwork: h.joinNetns === undefined,
    stage: h.stage,
    sizeBytes: h.sizeBytes,
    mounts: h.mounts,
  };
}

/** The command that starts a holder: `unshare …`, or `nsenter --net=X unshare …` to share X's network. */
export function holderCommand(h: HolderStart): [string, string[]] {
  const unshare = holderArgv(holderArgs(h));
  // nsenter without --pid execs unshare in place (no fork), so the process tree has the same shape.
  // From a template, --root and --wd (the template's own) keep the cwd and root in the namespace
  // entered, which unshare's copy then starts from.
  const template =
    h.mountTemplatePid === undefined
      ? []
      : ["--target", String(h.mountTemplatePid), "--mount", "--root", "--wd"];
  const net = h.joinNetns === undefined ? [] : [`--net=${h.joinNetns}`];
  if (template.length === 0 && net.length === 0) return ["unshare", unshare];
  return ["nsenter", [...template, ...net, "--", "unshare", ...unshare]];
}

/** The holder's stderr; made before the holder is spawned, so its absence means there never was one. */
export function holderLogFile(stateDir: string): string {
  return path.join(stateDir, "holder.log");
}

export async function startHolder(h: HolderStart, timeoutMs = 10_000): Promise<ProcessRef> {
  const logFile = holderLogFile(h.stateDir);
  const { stdout, error } = await spawnLimit(() => {
    const spawner = sharedSpawner();
    return spawner ? runThrough(spawner, h, logFile, timeoutMs) : runUntilReady(h, logFile, timeoutMs);
  });
  const report = parseHolderReport(stdout);
  const ref = report.pid === undefined ? undefined : await processRef(report.pid);
  if (error || !report.ready || ref === undefined || !(await isRunning(ref))) {
    // A holder that printed its pid but not `ready` may still be setting up (a timeout): end it,
    // and with it anything it started, so a failed create leaves no process behind.
    if (ref) await signalIfSame(ref, "SIGKILL");
    const why =
      error?.message ??
      (report.pid === undefined ? "it never reported its pid" : "it stopped before its setup was done");
    throw holderFailed(h, logFile, new Error(why, { cause: error }));
  }
  return ref;
}

/**
 * How a holder is set up: by the spawner's own system calls (host/spawner/holder-program.ts: one
 * exec per node), or by HOLDER_SCRIPT's shell run through the spawner or from here. The spawner's
 * way is the default; FABRIC_HOLDER=shell asks for the script (to compare the two), as does a
 * process without a spawner.
 */
function holderMethod(): "spawner" | "shell" {
  return process.env["FABRIC_HOLDER"] === "shell" ? "shell" : "spawner";
}

/** runUntilReady's job done by the spawner (host/spawner), which waits in the same way. */
async function runThrough(
  spawner: Spawner,
  h: HolderStart,
  logFile: string,
  timeoutMs: number,
): Promise<{ stdout: string; error?: Error }> {
  try {
    return await runThroughOrThrow(spawner, h, logFile, timeoutMs);
  } catch (error) {
    // The spawner ended under us (the host out of pids or memory): this node did not start.
    return { stdout: "", error: error as Error };
  }
}

async function runThroughOrThrow(
  spawner: Spawner,
  h: HolderStart,
  logFile: string,
  timeoutMs: number,
): Promise<{ stdout: string; error?: Error }> {
  let outcome =
    holderMethod() === "spawner"
      ? await spawner.startHolder(
          holderSetup(holderArgs(h), {
            ...(h.mountTemplatePid !== undefined && { templatePid: h.mountTemplatePid }),
            ...(h.joinNetns !== undefined && { joinNetns: h.joinNetns }),
          }),
          logFile,
          timeoutMs,
        )
      : undefined;
  // An architecture whose pivot_root the spawner does not know: the script's way works anywhere.
  if (outcome === undefined || (outcome.kind === "not-started" && outcome.code === "ENOSYS")) {
    const [file, args] = holderCommand(h);
    outcome = await spawner.run({
      file,
      args,
      envMode: "inherit",
      cwd: "/",
      detached: true,
      stderrFile: logFile,
      timeoutMs,
    });
  }
  if (outcome.kind === "not-started") return { stdout: "", error: new Error(outcome.message) };
  if (outcome.timedOut)
    return { stdout: outcome.stdout, error: new Error(`not ready after ${timeoutMs} ms`) };
  return { stdout: outcome.stdout };
}

/** Spawns the holder and collects what it prints until its pipe closes (or the deadline passes). */
function runUntilReady(
  h: HolderStart,
  logFile: string,
  timeoutMs: number,
): Promise<{ stdout: string; error?: Error }> {
  const fd = openSync(logFile, "a");
  const [file, argv] = holderCommand(h);
  let child;
  try {
    child = spawn(file, argv, { detached: true, stdio: ["ignore", "pipe", fd], cwd: "/" });
  } finally {
    closeSync(fd);
  }
  child.unref();
  return new Promise((resolve) => {
    let stdout = "";
    // Done once pid 1 has closed the pipe (ready, or dead) *and* the first shell is reaped: until
    // then that shell, in the node's namespaces, could still hold them (a removal right after a
    // create would find the network namespace alive).
    let pending = 2;
    const done = (error?: Error) => {
      if (error === undefined && --pending > 0) return;
      clearTimeout(timer);
      child.stdout?.destroy();
      resolve({ stdout, ...(error && { error }) });
    };
    // A deploy that blocked the event loop for a while (writing a large lab record, say) would
    // otherwise see the timer fire before the I/O that arrived meanwhile: setImmediate runs after
    // pending I/O callbacks, so a holder that did answer in time is heard first.
    const timer = setTimeout(
      () => setImmediate(() => done(new Error(`not ready after ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.once("error", done);
    child.once("exit", () => done());
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => (stdout += chunk));
    child.stdout?.once("end", () => done());
  });
}

function holderFailed(h: HolderStart, logFile: string, cause: Error): FabricError {
  let log = "";
  try {
    log = readFileSync(logFile, "utf8").trim();
  } catch {
    // no log to show
  }
  return new FabricError(
    "node-start-failed",
    `could not start node ${h.id}: ${cause.message}${log ? `\n${log}` : ""}`,
    { cause },
  );
}

/** Every live holder for this id: the recorded one if it is still itself, else any found by argv. */
export async function findHolders(id: string, recorded: ProcessRef | undefined): Promise<ProcessRef[]> {
  if (recorded && (await isRunning(recorded))) return [recorded];
  const found = await findByCmdline((argv) => isHolderCmdline(argv, id));
  return found.filter((s) => s.state !== "Z").map((s) => ({ pid: s.pid, startTime: s.startTime }));
}
