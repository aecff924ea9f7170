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

// A constant number of processes, however many pins the host has. `ip netns` bind-mounts
// /run/netns on itself and each pin on a file in it, and a lazy unmount (MNT_DETACH) takes the
// whole subtree: one `umount --lazy /run/netns` drops every pin (repeated while the bind is
// stacked, two `ip netns add` having raced to make it). The pin files stay in the directory
// below, so the loop this replaced, one `umount` per file, ran one failing process per namespace
// on the host: 786 with another helper's 256-node lab up, 7.5 s before the first node of a
// 4-node lab could start. Pins mounted where /run/netns is no mount of its own (another tool's
// doing) are read from mountinfo by the shell itself and unmounted by one `umount`.
export const TEMPLATE_SCRIPT = `while umount --lazy /run/netns 2>/dev/null; do :; done
set --
while read -r _ _ _ _ point _; do
  case $point in /run/netns/*) set -- "$@" "$point" ;; esac
done </proc/self/mountinfo
[ $# -eq 0 ] || umount --lazy "$@" 2>/dev/null || true
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
