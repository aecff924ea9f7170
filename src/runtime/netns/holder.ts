// Starting a node's holder and finding the pid that matters: pid 1 of its pid namespace.
//
// unshare --fork leaves two processes: unshare itself (in the host's pid namespace, waiting)
// and its child, pid 1 inside the node. Only the child's death ends the node, so that is the pid
// the record keeps. The holder is started with node's own spawn, detached and unreferenced: it
// must outlive this fabric process (`fabric deploy` returns, the lab stays), which a
// promise-returning wrapper would fight against.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { FabricError } from "../../errors.js";
import { nsenterNetArgv } from "../../host/nsenter.js";
import {
  childrenOf,
  isRunning,
  readCmdline,
  sleep,
  type ProcessRef,
  findByCmdline,
} from "../../host/proc.js";
import { holderArgv, isHolderCmdline } from "../../host/unshare.js";

export interface HolderStart {
  readonly id: string;
  readonly stateDir: string;
  /** The network namespace to join instead of making one (`network-mode: container:X`). */
  readonly joinNetns?: string;
}

/** The command that starts a holder: `unshare …`, or `nsenter --net=X unshare …` to share X's network. */
export function holderCommand(h: HolderStart): [string, string[]] {
  const unshare = holderArgv({ id: h.id, ownNetwork: h.joinNetns === undefined });
  // nsenter without --pid execs unshare in place (no fork), so the process tree has the same shape.
  return h.joinNetns === undefined
    ? ["unshare", unshare]
    : ["nsenter", nsenterNetArgv(h.joinNetns, ["unshare", ...unshare])];
}

export async function startHolder(h: HolderStart, timeoutMs = 10_000): Promise<ProcessRef> {
  const logFile = path.join(h.stateDir, "holder.log");
  const fd = openSync(logFile, "a");
  const [file, argv] = holderCommand(h);
  let child;
  try {
    child = spawn(file, argv, { detached: true, stdio: ["ignore", fd, fd], cwd: "/" });
  } finally {
    closeSync(fd);
  }
  let spawnError: Error | undefined;
  child.on("error", (e) => (spawnError = e));
  child.unref();

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw holderFailed(h, logFile, spawnError);
    if (child.pid !== undefined) {
      // The inner pid 1 is ready once it has exec'd perl, i.e. after --mount-proc.
      for (const c of await childrenOf(child.pid)) {
        const argv1 = await readCmdline(c.pid);
        if (argv1 && isHolderCmdline(argv1, h.id)) return { pid: c.pid, startTime: c.startTime };
      }
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw holderFailed(h, logFile, new Error(`unshare exited (${child.exitCode ?? child.signalCode})`));
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw holderFailed(h, logFile, new Error(`no pid 1 after ${timeoutMs} ms`));
    }
    await sleep(10);
  }
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
    {
      cause,
    },
  );
}

/** Every live holder for this id: the recorded one if it is still itself, else any found by argv. */
export async function findHolders(id: string, recorded: ProcessRef | undefined): Promise<ProcessRef[]> {
  if (recorded && (await isRunning(recorded))) return [recorded];
  const found = await findByCmdline((argv) => isHolderCmdline(argv, id));
  return found.filter((s) => s.state !== "Z").map((s) => ({ pid: s.pid, startTime: s.startTime }));
}
