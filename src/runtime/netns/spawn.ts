// Long-running processes inside a node (our BGP speaker, say). They are started through nsenter
// with --pid, so the real process lives in the node's pid namespace and is killed with the node
// even if fabric itself has exited. They are detached (own session) with output to a log file so
// they survive the fabric command that started them; nsenter stays behind on the host side as
// the parent that waits, which is the pid the record keeps.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { FabricError } from "../../errors.js";
import { childrenOf, isRunning, processRef, signalIfSame, sleep, waitUntilGone } from "../../host/proc.js";
import type { SpawnedProcess } from "../types.js";

export async function spawnInNode(
  nsenterArgs: readonly string[],
  env: Record<string, string>,
  logFile: string,
): Promise<SpawnedProcess> {
  await mkdir(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "a");
  let child;
  try {
    child = spawn("nsenter", [...nsenterArgs], { detached: true, stdio: ["ignore", fd, fd], env, cwd: "/" });
  } finally {
    closeSync(fd);
  }
  child.unref();
  const exited = new Promise<{ exitCode: number | null; signal: string | null }>((resolve, reject) => {
    child.once("error", (cause) =>
      reject(new FabricError("node-spawn-failed", `could not run nsenter: ${cause.message}`, { cause })),
    );
    child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
  });
  // Keep a rejected `exited` from surfacing as an unhandled rejection when nobody awaits it.
  exited.catch(() => undefined);
  const ref = child.pid === undefined ? undefined : await processRef(child.pid);
  if (ref === undefined) {
    await exited; // rejects with the spawn error, or resolves because it already ended
    throw new FabricError("node-spawn-failed", `${nsenterArgs.join(" ")} ended at once; see ${logFile}`);
  }
  return {
    ref,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      // nsenter does not forward signals, so signal the process it waits for, inside the node.
      // Right after spawn nsenter may not have forked that process yet (a busy host), so keep
      // looking for it while nsenter lives rather than signalling nothing and waiting in vain.
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && (await isRunning(ref))) {
        const children = await childrenOf(ref.pid);
        for (const c of children) await signalIfSame({ pid: c.pid, startTime: c.startTime }, signal);
        if (children.length > 0) break;
        await sleep(20);
      }
      await waitUntilGone(ref, 5_000);
    },
  };
}
