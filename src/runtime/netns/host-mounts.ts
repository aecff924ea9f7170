// Which of the host's filesystems a node's root carries besides `/`. The root overlay's lower
// layer is the host's root filesystem alone (an overlay never shows the mounts under its lower
// layer), so a host with a separate /home, /var or a /run on tmpfs would show the node empty
// directories there. Each such filesystem gets an overlay of its own; a file mounted on its own
// (a container's /etc/resolv.conf) is bound read-only, as overlayfs takes directories only.
// Decided once per fabric process from the host's mount table, then the same for every node.
import { stat } from "node:fs/promises";
import type { MountInfo } from "../../host/mount.js";
import { readMountInfo } from "../../host/mount.js";
import { NETNS_DIR, STATE_ROOT } from "./names.js";

/** A host filesystem as the node sees it: copy-on-write (a directory) or read-only (a file). */
export interface CarriedMount {
  readonly path: string;
  readonly directory: boolean;
}

/**
 * Filesystems that are the kernel's own views, not files: a node mounts its own /proc and /sys,
 * and gets /dev by a recursive bind, so none of these is carried.
 */
const PSEUDO = new Set([
  "proc",
  "sysfs",
  "devtmpfs",
  "devpts",
  "cgroup",
  "cgroup2",
  "mqueue",
  "nsfs",
  "bpf",
  "tracefs",
  "debugfs",
  "securityfs",
  "fusectl",
  "configfs",
  "pstore",
  "binfmt_misc",
  "autofs",
  "hugetlbfs",
  "efivarfs",
  "rpc_pipefs",
]);

/** Trees a node never needs from the host: its own /proc, /sys, /dev; other nodes' namespaces and state. */
const SKIPPED_TREES = ["/proc", "/sys", "/dev", NETNS_DIR, STATE_ROOT];

function under(path: string, tree: string): boolean {
  return path === tree || path.startsWith(`${tree}/`);
}

/**
 * The mount points to carry, parents before children, from one read of mountinfo. Pure. A path
 * with `,`, `:` or `\` cannot be written in overlayfs' lowerdir option and is left out (the node
 * then sees the directory under it), as is any mount below a left-out one.
 */
export function carriedMountPoints(mounts: readonly MountInfo[]): string[] {
  // The last mount on a path is the one in view (a path can be mounted over).
  const top = new Map<string, MountInfo>();
  for (const m of mounts) top.set(m.mountPoint, m);
  const skipped: string[] = [...SKIPPED_TREES];
  const carried: string[] = [];
  const ordered = [...top.values()].sort((a, b) => depth(a.mountPoint) - depth(b.mountPoint));
  for (const m of ordered) {
    const p = m.mountPoint;
    if (p === "/" || !p.startsWith("/")) continue;
    if (skipped.some((t) => under(p, t))) continue;
    if (PSEUDO.has(m.fsType) || /[,:\\\n]/.test(p)) {
      skipped.push(p);
      continue;
    }
    carried.push(p);
  }
  return carried;
}

function depth(p: string): number {
  return p === "/" ? 0 : p.split("/").length - 1;
}

/** The host's filesystems as every node of this process carries them (read once). */
export async function readCarriedMounts(): Promise<CarriedMount[]> {
  const points = carriedMountPoints(await readMountInfo());
  const found: CarriedMount[] = [];
  for (const path of points) {
    const s = await stat(path).catch(() => undefined);
    if (s) found.push({ path, directory: s.isDirectory() });
  }
  return found;
}
