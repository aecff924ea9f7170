// Running a few synchronous calls inside another network namespace, from one process: the
// seam that lets one speaker host run every node's speaker. A socket keeps the namespace it was
// created in (socket(7): the namespace is bound at creation), so only *creating* it needs the
// node's namespace; reading and writing it afterwards works from anywhere. setns(2) moves the
// calling thread only: the main thread enters, creates, and comes back before any other
// JavaScript runs — libuv's worker threads (dns, fs) never move.
import { closeSync, fstatSync, openSync } from "node:fs";
import { FabricError } from "../../errors.js";
import { LibcError, Linux, setns } from "./libc.js";

/** The namespace this process started in, opened once before any setns. */
let hostFd: number | undefined;

function hostNamespaceFd(): number {
  hostFd ??= openSync("/proc/self/ns/net", "r");
  return hostFd;
}

/** Which namespace a descriptor names: its nsfs inode (what `ip netns identify` compares). */
interface NamespaceId {
  readonly dev: number;
  readonly ino: number;
}

/**
 * A node's namespace by path, opened only for the few microseconds a socket is being created
 * (socket(7): the socket keeps the namespace it was created in). Holding no descriptor in
 * between keeps the speaker host at one descriptor per session, whatever the number of nodes
 * (issue 11: 20,000 fds per process), and does not keep a destroyed node's namespace alive.
 * Each entry checks the path still names the namespace first opened: `/proc/PID/ns/net` of a
 * holder that died could name a stranger's namespace after the pid is reused.
 */
export class NetworkNamespace {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly id: NamespaceId,
  ) {}

  /**
   * Opens `/run/netns/NAME` or `/proc/PID/ns/net`, and enters and leaves it once, so a path that
   * is not a network namespace (or a missing privilege) fails here, with the path named, rather
   * than at the first connect.
   */
  static open(path: string): NetworkNamespace {
    hostNamespaceFd();
    const fd = openNamespace(path);
    let id: NamespaceId;
    try {
      const st = fstatSync(fd);
      id = { dev: st.dev, ino: st.ino };
      enter(path, fd);
      restoreHost();
    } finally {
      closeSync(fd);
    }
    return new NetworkNamespace(path, id);
  }

  /** Calls `f` inside this namespace; the thread is back in the host namespace when it returns or throws. */
  run<T>(f: () => T): T {
    if (this.closed) throw new FabricError("netns-closed", `the network namespace ${this.path} was closed`);
    const fd = openNamespace(this.path);
    try {
      const st = fstatSync(fd);
      if (st.dev !== this.id.dev || st.ino !== this.id.ino)
        throw new FabricError(
          "netns-changed",
          `${this.path} no longer names the network namespace the speaker was started in`,
          { suggestion: "the node was removed or restarted: restart its speaker (fabric bgp start NODE)" },
        );
      enter(this.path, fd);
    } finally {
      // Entered (or not), the descriptor is no longer needed: the thread holds the namespace.
      closeSync(fd);
    }
    try {
      return f();
    } finally {
      restoreHost();
    }
  }

  /** No descriptor is held; later run() calls are refused, as for a closed file. */
  close(): void {
    this.closed = true;
  }
}

function openNamespace(path: string): number {
  try {
    return openSync(path, "r");
  } catch (err) {
    throw new FabricError(
      "netns-open-failed",
      `cannot open the network namespace ${path}: ${(err as Error).message}`,
      {
        suggestion: "is the node running? its namespace is /run/netns/<name> or /proc/<pid>/ns/net",
        cause: err,
      },
    );
  }
}

function enter(path: string, fd: number): void {
  try {
    setns(fd, Linux.CLONE_NEWNET);
  } catch (err) {
    // setns failed: the thread did not move, nothing to restore.
    throw new FabricError(
      "netns-enter-failed",
      `cannot enter the network namespace ${path}: ${(err as Error).message}`,
      {
        suggestion: "the speaker host needs CAP_SYS_ADMIN (run it as root)",
        cause: err,
      },
    );
  }
}

/**
 * Back to the host namespace. If even that fails, every later socket of every instance would be
 * created in a stranger's namespace: the one safe answer is to stop the process (its instances'
 * peers see the TCP sessions drop, and `fabric bgp start` brings them back).
 */
function restoreHost(): void {
  try {
    setns(hostNamespaceFd(), Linux.CLONE_NEWNET);
  } catch (err) {
    const why = err instanceof LibcError ? err.message : String(err);
    process.stderr.write(`fatal: cannot return to the host network namespace (${why}); exiting\n`);
    process.exit(70);
  }
}
