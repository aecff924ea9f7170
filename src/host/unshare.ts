// The argv of a node's holder: the process whose namespaces are the node.
//
// One process per node, started by one spawn, that tells us its own pid:
//
//   unshare [--net] --mount --uts --ipc --pid --propagation slave -- sh -c SCRIPT fabric-holder ID …
//
// Without --fork, unshare gives the *children* of the program it execs a new pid namespace. So the
// script's shell stays in the host's pid namespace, forks a subshell that is pid 1 of the node, and
// prints `$!`: that pid as the host sees it. Nothing has to look for the holder in /proc (which
// took a scan of every process on the host, every 10 ms, per node being created). The subshell
// sets the node up (its /proc, hostname, lo, /sys, private dirs and binds), prints `ready`, and
// execs catatonit in pause mode: a reaper that runs no program, so each node is one process of
// about 0.1 MB (perl's loop plus the waiting unshare cost two processes and ≈ 0.75 MB of PSS). The
// first shell exits at once; the holder is adopted by the host's init.
//
// Pid 1 must reap: daemons that daemonise are reparented to it and would stay zombies otherwise.
// Pid 1 of a namespace ignores signals it has no handler for, so only SIGKILL from the host ends
// it, and with it, by the kernel's rule for pid namespaces, everything in the node.
//
// Propagation is `slave`, not `private`: the node still gets its own mounts that never leak to
// the host, but unmounts on the host reach it. That matters because the node's mount namespace
// starts as a copy of the host's, including every /run/netns/* bind mount that exists at that
// moment (other labs' nodes among them). With `private`, those copies would keep the other
// namespaces, and their veths, alive after `ip netns delete` until this node died too.
//
// Pid 1 then drops its copy of /run/netns altogether. A slave copy also *receives* every
// namespace named there later, so with N nodes the kernel held N × N mounts (137 in each node of
// a 64-node lab, every one propagated to every node on each `ip netns attach` and delete); at
// 1,024 nodes that is millions. A node needs none of them, as a container sees none. One lazy
// unmount detaches the whole subtree in one call (40 ms with 530 names there); `--recursive`
// unmounts them one by one and took 2.3 s.
import { assertNever } from "../errors.js";

export const HOLDER_MARKER = "fabric-holder";

/** The reaper pid 1 becomes once the node is set up (Debian package catatonit). */
export const REAPER = "catatonit";

/**
 * One step of a node's mount setup, run by its pid 1 in order. A bind needs its target to exist as
 * seen from inside the node (an earlier private /tmp hides the host's /tmp/x, say), so `dir` and
 * `file` make a missing mount point there; where the node sees the host's filesystem, that makes
 * it on the host.
 */
export type MountStep =
  | { readonly kind: "dir"; readonly target: string }
  | { readonly kind: "file"; readonly target: string }
  | { readonly kind: "bind"; readonly source: string; readonly target: string; readonly readOnly: boolean };

export interface HolderArgs {
  /** `lab/node`; shown in `ps` and the way a holder whose pid was never recorded is found. */
  readonly id: string;
  readonly hostname: string;
  /** false for `network-mode: container:X`: the caller runs unshare inside X's namespace. */
  readonly ownNetwork: boolean;
  readonly mounts: readonly MountStep[];
}

// Positional parameters: $1 id, $2 hostname, $3 "own" or "shared" network, then the mount steps.
// Paths only ever travel as arguments, never inside the script text, so no name is parsed by a
// shell. `set -e`: any failing step ends pid 1 (and the node) before `ready`; its stderr is in
// the holder's log, which the caller shows.
export const HOLDER_SCRIPT = `set -eu
(
  mount --make-rprivate /proc
  mount -t proc -o nosuid,noexec,nodev proc /proc
  hostname "$2"
  if [ "$3" = own ]; then ip link set dev lo up; fi
  mount -t sysfs sysfs /sys
  if mountpoint -q /run/netns; then umount --lazy /run/netns; fi
  id=$1
  shift 3
  while [ $# -gt 0 ]; do
    case $1 in
      dir) [ -e "$2" ] || mkdir -p "$2"; shift 2 ;;
      file) [ -e "$2" ] || { mkdir -p "$(dirname "$2")"; touch "$2"; }; shift 2 ;;
      bind) mount --bind "$2" "$3"; shift 3 ;;
      bind-ro) mount -o bind,ro "$2" "$3"; shift 3 ;;
      *) echo "fabric-holder: unknown step $1" >&2; exit 2 ;;
    esac
  done
  echo ready
  exec ${REAPER} -P -- ${HOLDER_MARKER} "$id" >/dev/null
) &
echo "pid $!"
`;

function mountArgs(step: MountStep): string[] {
  switch (step.kind) {
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
    ...h.mounts.flatMap(mountArgs),
  ];
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
