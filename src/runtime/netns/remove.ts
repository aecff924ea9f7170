// Undoing a node from its record alone. Each step tolerates the thing it undoes never having
// existed, so the same code handles a node that is fully up, half created, or already gone.
import { existsSync } from "node:fs";
import { rm, rmdir, stat } from "node:fs/promises";
import { FabricError } from "../../errors.js";
import { attempt } from "../../host/command.js";
import { hostIp } from "../../host/ip-batch.js";
import { signalIfSame, waitUntilGone } from "../../host/proc.js";
import type { NodeRecord } from "../types.js";
import { findHolders, holderLogFile } from "./holder.js";
import { holderId, labStateDir, netnsPathOf } from "./names.js";

const KILL_TIMEOUT_MS = 5_000;

export async function removeNode(record: NodeRecord): Promise<void> {
  // 1. SIGKILL pid 1: the kernel then kills every process in the node's pid namespace (FRR's
  //    daemons, a speaker), its mount namespace and every mount in it go with the last of them.
  //    Looking for an unrecorded holder scans every process on the host, so it is done only when
  //    one may exist: startHolder makes the log before it spawns, so without the log there was
  //    never a holder (the usual case for nodes a failed deploy planned but never started).
  const mayHaveHolder = record.holder !== undefined || existsSync(holderLogFile(record.stateDir));
  const holders = mayHaveHolder ? await findHolders(holderId(record.lab, record.name), record.holder) : [];
  for (const holder of holders) {
    await signalIfSame(holder, "SIGKILL");
    if (!(await waitUntilGone(holder, KILL_TIMEOUT_MS))) {
      throw new FabricError(
        "node-remove-failed",
        `pid ${holder.pid} of node ${record.name} survived SIGKILL`,
      );
    }
  }
  // 2. The /run/netns name is the last reference to the network namespace: dropping it destroys
  //    the namespace and, with it, both ends of every veth that had one end inside.
  await deleteNetnsName(record.netnsName);
  await removeStrayNetnsFile(netnsPathOf(record.netnsName));
  // 3. The state dir (private dirs, logs). Nothing is mounted on it from the host's side.
  await rm(record.stateDir, { recursive: true, force: true });
  await rmdir(labStateDir(record.lab)).catch(() => undefined); // only once the lab's last node is gone
}

/**
 * `ip netns delete NAME`, in the host's batcher: destroy removes hundreds of nodes at once, one
 * `ip -batch` for those in flight together instead of one `ip` process each. A name already
 * gone is not an error (the step's idempotence).
 */
async function deleteNetnsName(name: string): Promise<void> {
  try {
    await hostIp.run(["netns", "delete", name]);
  } catch (err) {
    if (/No such file or directory/i.test((err as Error).message)) return;
    throw err;
  }
}

/** A crash between creating the mount point and mounting leaves a plain file `ip netns` rejects. */
async function removeStrayNetnsFile(file: string): Promise<void> {
  if ((await stat(file).catch(() => undefined)) === undefined) return;
  await attempt("umount", ["--lazy", file]);
  await rm(file, { force: true });
}
