// Running a few synchronous calls inside another network namespace, from one process: the
// seam that lets one speaker host run every node's speaker. A socket keeps the namespace it was
// created in (socket(7): the namespace is bound at creation), so only *creating* it needs the
// node's namespace; reading and writing it afterwards works from anywhere. setns(2) moves the
// calling thread only: the main thread enters, creates, and comes back before any other
// JavaScript runs — libuv's worker threads (dns, fs) never move.
import { closeSync, openSync } from "node:fs";
import { FabricError } from "../../errors.js";
import { LibcError, Linux, setns } from "./libc.js";

/** The namespace this process started in, opened once before any setns. */
let hostFd: number | undefined;

function hostNamespaceFd(): number {
  hostFd ??= openSync("/proc/self/ns/net", "r");
  return hostFd;
}

export class NetworkNamespace {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Opens `/run/netns/NAME` or `/proc/PID/ns/net`, and enters and leaves it once, so a path that
   * is not a network namespace (or a missing privilege) fails here, with the path named, rather
   * than at the first connect. The open descriptor keeps the namespace alive until close().
   */
  static open(path: string): NetworkNamespace {
    hostNamespaceFd();
    let fd: number;
    try {
      fd = openSync(path, "r");
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
    const ns = new NetworkNamespace(path, fd);
    try {
      ns.run(() => undefined);
    } catch (err) {
      ns.close();
      throw err;
    }
    return ns;
  }

  /** Calls `f` inside this namespace; the thread is back in the host namespace when it returns or throws. */
  run<T>(f: () => T): T {
    if (this.fd === undefined)
      throw new FabricError("netns-closed", `the network namespace ${this.path} was closed`);
    try {
      setns(this.fd, Linux.CLONE_NEWNET);
    } catch (err) {
      // setns failed: the thread did not move, nothing to restore.
      throw new FabricError(
        "netns-enter-failed",
        `cannot enter the network namespace ${this.path}: ${(err as Error).message}`,
        {
          suggestion: "the speaker host needs CAP_SYS_ADMIN (run it as root)",
          cause: err,
        },
      );
    }
    try {
      return f();
    } finally {
      restoreHost();
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
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
