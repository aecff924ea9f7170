// The argv of a node's holder: the process whose namespaces are the node.
//
// Where fabric has its spawner (host/spawner), the spawner makes the same holder with system calls
// of its own from the same steps (holderSetup below; spawner/holder-program.ts), one exec per node
// instead of the twenty programs this script runs. This script is the way without a spawner, and
// FABRIC_HOLDER=shell's; what follows describes the node both make.
//
// One process per node, started by one spawn, that tells us its own pid:
//
//   unshare [--net] --mount --uts --ipc --pid --propagation slave -- sh -c SCRIPT fabric-holder ID …
//
// Without --fork, unshare gives the *children* of the program it execs a new pid namespace. So the
// script's shell stays in the host's pid namespace, forks a subshell that is pid 1 of the node, and
// prints `$!`: that pid as the host sees it. Nothing has to look for the holder in /proc (which
// took a scan of every process on the host, every 10 ms, per node being created). The subshell
// sets the node up (its filesystem, /proc, hostname, lo, /sys, private dirs and binds), prints
// `ready`, and execs catatonit in pause mode: a reaper that runs no program, so each node is one
// process of about 0.1 MB. The first shell exits at once; the holder is adopted by the host's init.
//
// Pid 1 runs in a session of its own (setsid): the first shell's session would otherwise outlive
// that shell, and a session keeps its leader's pid taken for as long as any member lives — one
// pid of kernel.pid_max per node for the life of the lab.
//
// Pid 1 must reap: daemons that daemonise are reparented to it and would stay zombies otherwise.
// Pid 1 of a namespace ignores signals it has no handler for, so only SIGKILL from the host ends
// it, and with it, by the kernel's rule for pid namespaces, everything in the node.
//
// The node's filesystem (what a container has, built from the host's own files): a tmpfs of the
// lab's size limit on the node's stage dir, an overlay whose lower layer is the host's `/` and
// whose upper layer is on that tmpfs, and pivot_root into it. Everything a node writes (exec
// lines, FRR's /etc/frr, /var/run/frr and /var/log/frr, /tmp) lands in the tmpfs: the host's files
// never change, a full node gets ENOSPC at the limit, and the kernel frees it all when the node's
// last process dies (the mount exists in the node's mount namespace only). The upper layer may
// not sit inside the lower one, which is why it is a separate filesystem: overlayfs looks for
// overlapping layers within one filesystem, and a lower layer never shows the mounts under it.
// That is also why the host's other real filesystems (a separate /home, /run on tmpfs) each get
// an overlay of their own (`overlay` steps), and /dev a recursive bind; /proc and /sys are the
// node's own. The host's tree stays reachable at HOST_AT between pivot_root and the end of the
// steps (for those overlays and the user's bind sources) and is then detached in one lazy unmount,
// which also drops the node's copies of every /run/netns/* name (with N nodes the kernel otherwise
// held N × N of them, each propagated to every node on each `ip netns attach`).
//
// Propagation is `slave`, not `private`: mounts made in the node never leak to the host, and
// pivot_root refuses a shared root; a slave copy still lets unmounts on the host reach it.
//
// Processes in a node run as root with every capability: this keeps labs from changing the host
// by accident (a stray `rm -rf`, a log that fills the disk), it is not a security boundary.
import { assertNever } from "../errors.js";

export const HOLDER_MARKER = "fabric-holder";

/** The reaper pid 1 becomes once the node is set up (Debian package catatonit). */
export const REAPER = "catatonit";

/** Where the host's tree hangs inside the node while it is set up; gone once it is ready. */
export const HOST_AT = "/.fabric-host";

/**
 * One step of a node's mount setup, run by its pid 1 in order after pivot_root, inside the node's
 * own root (so a target's symlinks resolve as the node sees them). Host paths (`lower`, `source`)
 * are the host's, canonical (no symlinks), reached through HOST_AT.
 */
export type MountStep =
  /** Another host filesystem mounted at `target`, seen copy-on-write; `n` names its upper dir. */
  | { readonly kind: "overlay"; readonly target: string; readonly n: number }
  /** A fresh empty directory on the node's tmpfs, owned and moded as given, mounted at `target`. */
  | {
      readonly kind: "private";
      readonly target: string;
      readonly n: number;
      readonly uid: number;
      readonly gid: number;
      readonly mode: number;
    }
  /** A missing mount point is made inside the node (never on the host). */
  | { readonly kind: "dir"; readonly target: string }
  | { readonly kind: "file"; readonly target: string }
  /** A host path shared with the node: what the topology's `binds` ask for. */
  | { readonly kind: "bind"; readonly source: string; readonly target: string; readonly readOnly: boolean };

export interface HolderArgs {
  /** `lab/node`; shown in `ps` and the way a holder whose pid was never recorded is found. */
  readonly id: string;
  readonly hostname: string;
  /** false for `network-mode: container:X`: the caller runs unshare inside X's namespace. */
  readonly ownNetwork: boolean;
  /** An empty host directory the node's tmpfs is mounted on (in the node's namespace only). */
  readonly stage: string;
  /** The tmpfs size: every byte the node can write. */
  readonly sizeBytes: number;
  readonly mounts: readonly MountStep[];
}

// Positional parameters: $1 id, $2 hostname, $3 "own" or "shared" network, $4 stage, $5 size in
// bytes, then the mount steps. Paths only ever travel as arguments, never inside the script text,
// so no name is parsed by a shell. `set -e`: any failing step ends pid 1 (and the node) before
// `ready`; its stderr is in the holder's log, which the caller shows.
export const HOLDER_SCRIPT = `set -eu
(
  host=${HOST_AT}
  stage=$4
  mount -t tmpfs -o "size=$5,mode=0755" fabric-node "$stage"
  mkdir "$stage/root" "$stage/upper" "$stage/work" "$stage/private" "$stage/upper/0" "$stage/work/0"
  mount -t overlay fabric-root -o "lowerdir=/,upperdir=$stage/upper/0,workdir=$stage/work/0" "$stage/root"
  mkdir "$stage/root$host"
  cd "$stage/root"
  pivot_root . ".$host"
  cd /
  stage=$host$stage
  mount -t proc -o nosuid,noexec,nodev proc /proc
  mount -t sysfs sysfs /sys
  mount --rbind "$host/dev" /dev
  hostname "$2"
  if [ "$3" = own ]; then ip link set dev lo up; fi
  id=$1
  shift 5
  while [ $# -gt 0 ]; do
    case $1 in
      overlay)
        mkdir "$stage/upper/$3" "$stage/work/$3"
        mount -t overlay fabric-root -o "lowerdir=$host$2,upperdir=$stage/upper/$3,workdir=$stage/work/$3" "$2"
        shift 3 ;;
      private)
        install -d -o "$4" -g "$5" -m "$6" "$stage/private/$3"
        [ -d "$2" ] || mkdir -p "$2"
        mount --bind "$stage/private/$3" "$2"
        shift 6 ;;
      dir) [ -e "$2" ] || mkdir -p "$2"; shift 2 ;;
      file) [ -e "$2" ] || { mkdir -p "$(dirname "$2")"; touch "$2"; }; shift 2 ;;
      bind) mount --bind "$host$2" "$3"; shift 3 ;;
      bind-ro) mount -o bind,ro "$host$2" "$3"; shift 3 ;;
      *) echo "fabric-holder: unknown step $1" >&2; exit 2 ;;
    esac
  done
  umount --lazy "$host"
  rmdir "$host"
  echo ready
  exec setsid ${REAPER} -P -- ${HOLDER_MARKER} "$id" >/dev/null
) &
echo "pid $!"
`;

function mountArgs(step: MountStep): string[] {
  switch (step.kind) {
    case "overlay":
      return [step.kind, step.target, String(step.n)];
    case "private":
      return [
        step.kind,
        step.target,
        String(step.n),
        String(step.uid),
        String(step.gid),
        step.mode.toString(8).padStart(4, "0"),
      ];
    case "dir":
    case "file":
      return [step.kind, step.target];
    case "bind":
      return [step.readOnly ? "bind-ro" : "bind", step.source, step.target];
    default:
      return assertNever(step, "mount step");
  }
}

/** The holder's argv after `unshare`. */
export function holderArgv(h: HolderArgs): string[] {
  return [
    ...(h.ownNetwork ? ["--net"] : []),
    "--mount",
    "--uts",
    "--pid",
    "--ipc",
    "--propagation",
    "slave",
    "--",
    "sh",
    "-c",
    HOLDER_SCRIPT,
    HOLDER_MARKER,
    h.id,
    h.hostname,
    h.ownNetwork ? "own" : "shared",
    h.stage,
    String(h.sizeBytes),
    ...h.mounts.flatMap(mountArgs),
  ];
}

/**
 * The same setup as data, for the spawner, which makes the holder's system calls itself rather
 * than through a shell and its programs (spawner/holder-program.ts says why). The steps are the
 * words HOLDER_SCRIPT reads, so both read one encoding.
 */
export interface HolderSetup {
  readonly id: string;
  readonly hostname: string;
  readonly ownNetwork: boolean;
  readonly stage: string;
  readonly sizeBytes: number;
  readonly steps: readonly (readonly string[])[];
  /** A process whose mount namespace the node's is copied from; else the caller's own. */
  readonly templatePid?: number;
  /** The network namespace to share (a /run/netns path), when `ownNetwork` is false. */
  readonly joinNetns?: string;
}

export function holderSetup(
  h: HolderArgs,
  from: { readonly templatePid?: number; readonly joinNetns?: string },
): HolderSetup {
  return {
    id: h.id,
    hostname: h.hostname,
    ownNetwork: h.ownNetwork,
    stage: h.stage,
    sizeBytes: h.sizeBytes,
    steps: h.mounts.map(mountArgs),
    ...(from.templatePid !== undefined && { templatePid: from.templatePid }),
    ...(from.joinNetns !== undefined && { joinNetns: from.joinNetns }),
  };
}

/** What the holder printed: its pid (as the host sees it) and whether setup finished. */
export interface HolderReport {
  readonly pid?: number;
  readonly ready: boolean;
}

export function parseHolderReport(stdout: string): HolderReport {
  let pid: number | undefined;
  let ready = false;
  for (const line of stdout.split("\n")) {
    const m = /^pid (\d+)$/.exec(line.trim());
    if (m) pid = Number(m[1]);
    else if (line.trim() === "ready") ready = true;
  }
  return { ...(pid !== undefined && { pid }), ready };
}

/**
 * True for the argv of the holder with this id (as read back from /proc/PID/cmdline): catatonit's,
 * or the shell's while it sets the node up; both carry the marker followed by the id.
 */
export function isHolderCmdline(argv: readonly string[], id: string): boolean {
  const head = argv[0];
  if (head !== REAPER && head !== "sh") return false;
  return argv.some((a, i) => a === HOLDER_MARKER && argv[i + 1] === id);
}
