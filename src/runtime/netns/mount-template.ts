// The mount namespace new nodes are copied from. unshare(CLONE_NEWNS) copies every mount of the
// namespace it starts in, and the host's holds one `/run/netns/NAME` pin per node of every lab:
// at 4,096 nodes (8,279 mounts) one `unshare --mount` took ~24 ms instead of ~1, and each node's
// holder then detached the same thousands of copies again, so creating nodes grew with the square
// of the lab. Nodes are copied from this namespace instead: the host's mounts as they were when
// the deploy started, made private (later pins on the host do not propagate into it), with the
// /run/netns pins unmounted. A node needs none of them (it sees its own network namespace only).
//
// One per fabric process, started on first use; it waits on its stdin, so it ends with the
// process that started it, however that ends.
import { spawn } from "node:child_process";

const TEMPLATE_SCRIPT = `umount --lazy /run/netns 2>/dev/null || true
for pin in /run/netns/*; do [ -e "$pin" ] && umount --lazy "$pin" 2>/dev/null; done
echo ready
exec cat >/dev/null`;

export interface MountTemplate {
  /** A process in the template namespace, for `nsenter --target PID --mount`. */
  readonly pid: number;
}

let started: Promise<MountTemplate | undefined> | undefined;

/**
 * The template, or undefined where it could not be made (nodes are then copied from the host's
 * namespace, as before: slower, not wrong).
 */
export function mountTemplate(): Promise<MountTemplate | undefined> {
  started ??= start();
  return started;
}

function start(): Promise<MountTemplate | undefined> {
  return new Promise((resolve) => {
    const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c", TEMPLATE_SCRIPT], {
      stdio: ["pipe", "pipe", "ignore"],
      cwd: "/",
    });
    let out = "";
    const fail = () => resolve(undefined);
    child.once("error", fail);
    child.once("exit", fail);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (!out.includes("ready\n") || child.pid === undefined) return;
      child.stdout.destroy();
      child.removeListener("exit", fail);
      child.unref();
      (child.stdin as unknown as { unref?: () => void }).unref?.();
      resolve({ pid: child.pid });
    });
  });
}
