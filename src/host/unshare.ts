// The argv of a node's holder: the process whose namespaces are the node.
//
// Propagation is `slave`, not `private`: the node still gets its own mounts that never leak to
// the host, but unmounts on the host reach it. That matters because the node's mount namespace
// starts as a copy of the host's, including every /run/netns/* bind mount that exists at that
// moment (other labs' nodes among them). With `private`, those copies would keep the other
// namespaces, and their veths, alive after `ip netns delete` until this node died too.
//
// Pid 1 of the node is a one-line perl loop. Pid 1 must reap: daemons that daemonise are
// reparented to it and would stay zombies otherwise. Perl's `wait` is wait(2), which reaps any
// child, adopted ones included (bash's `wait` only knows its own jobs). perl-base is Essential
// in Debian, so it is always there, unlike tini. The loop sleeps only when it has no child at
// all. Pid 1 ignores signals it has no handler for, so only SIGKILL from the host ends it, and
// with it, by the kernel's rule for pid namespaces, everything in the node.
export const HOLDER_MARKER = "fabric-holder";

export const REAPER_SCRIPT = "while (1) { sleep 1 if wait() == -1 }";

export interface HolderArgs {
  /** `lab/node`; shown in `ps` and the way a holder whose pid was never recorded is found. */
  readonly id: string;
  /** false for `network-mode: container:X`: the caller runs unshare inside X's namespace. */
  readonly ownNetwork: boolean;
}

/** The holder's argv after `unshare`; the id rides along as perl's @ARGV so `ps` shows it. */
export function holderArgv(h: HolderArgs): string[] {
  return [
    ...(h.ownNetwork ? ["--net"] : []),
    "--mount",
    "--uts",
    "--pid",
    "--ipc",
    "--fork",
    "--mount-proc",
    "--propagation",
    "slave",
    "--",
    "perl",
    "-e",
    REAPER_SCRIPT,
    HOLDER_MARKER,
    h.id,
  ];
}

/** True for the argv of the holder with this id (as read back from /proc/PID/cmdline). */
export function isHolderCmdline(argv: readonly string[], id: string): boolean {
  const n = argv.length;
  return n >= 3 && argv[0] === "perl" && argv[n - 2] === HOLDER_MARKER && argv[n - 1] === id;
}
