// A node cannot change its host's filesystem (issue 16 item 3): it sees the host's files
// copy-on-write, writes only into a tmpfs of its own with a size limit, and shares a host path
// only through a bind.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestLabs } from "./fixture.js";

const MIB = 1024 * 1024;

/** Bytes free on the filesystem holding `dir`. */
function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

describe("netns runtime: a node's filesystem", () => {
  const labs = useTestLabs();

  it("keeps exec lines' writes to /var/tmp and /etc inside the node", async () => {
    await labs.start();
    const lab = labs.newLab();
    const tag = randomBytes(4).toString("hex");
    // One host file the node deletes, one it overwrites, two it creates.
    const doomed = `/var/tmp/nf-doomed-${tag}`;
    const kept = `/var/tmp/nf-kept-${tag}`;
    const created = `/var/tmp/nf-created-${tag}`;
    const inEtc = `/etc/nf-created-${tag}`;
    writeFileSync(doomed, "host\n");
    writeFileSync(kept, "host\n");
    try {
      const a = await lab.node("a");
      // The exec line, as an FRR node's exec lines run it.
      await lab.sh(a, [
        "sh",
        "-c",
        `ip addr add 10.0.0.0/32 dev lo; rm -rf ${doomed}; echo node > ${kept}; touch ${created}; echo node > ${inEtc}; echo x >> /etc/hosts`,
      ]);
      // The node sees its own writes.
      expect(await lab.sh(a, ["cat", kept, inEtc])).toBe("node\nnode\n");
      expect((await lab.runtime.exec(a, ["test", "-e", doomed])).exitCode).toBe(1);
      expect((await lab.runtime.exec(a, ["test", "-e", created])).exitCode).toBe(0);
      // The host's do not change.
      expect(readFileSync(doomed, "utf8")).toBe("host\n");
      expect(readFileSync(kept, "utf8")).toBe("host\n");
      expect(existsSync(created)).toBe(false);
      expect(existsSync(inEtc)).toBe(false);
      expect(readFileSync("/etc/hosts", "utf8").endsWith("x\n")).toBe(false);
      // A second node of the same lab does not see the first one's writes either.
      const b = await lab.node("b");
      expect(await lab.sh(b, ["cat", kept])).toBe("host\n");
      expect((await lab.runtime.exec(b, ["test", "-e", inEtc])).exitCode).toBe(1);
    } finally {
      rmSync(doomed, { force: true });
      rmSync(kept, { force: true });
    }
  });

  it("runs commands from the node's own / (getcwd works), wherever fabric itself runs", async () => {
    await labs.start();
    const lab = labs.newLab();
    const a = await lab.node("a");
    // nsenter --wd=/ would hand the command the host's / from outside the node's root, where
    // getcwd() fails: python3 -m http.server died of it before the node's pid 1 lent its cwd.
    expect(await lab.sh(a, ["python3", "-c", "import os; print(os.getcwd())"])).toBe("/\n");
    expect(await lab.sh(a, ["sh", "-c", "cd . && pwd -P"])).toBe("/\n");
  });

  it("stops a node that fills its /tmp at the limit (ENOSPC), with the host's disk untouched", async () => {
    await labs.start();
    const lab = labs.newLab();
    const a = await lab.node("a", { writableBytes: 16 * MIB });
    const before = freeBytes("/");
    const fill = await lab.runtime.exec(a, ["dd", "if=/dev/zero", "of=/tmp/fill", "bs=1M", "count=64"], {
      timeoutMs: 30_000,
    });
    expect(fill.exitCode).not.toBe(0);
    expect(fill.stderr).toMatch(/No space left on device/);
    const size = Number((await lab.sh(a, ["stat", "-c", "%s", "/tmp/fill"])).trim());
    expect(size).toBeGreaterThan(8 * MIB);
    expect(size).toBeLessThanOrEqual(16 * MIB);
    // Not a byte of it on the host's disk (others write meanwhile: allow them 8 MiB).
    expect(before - freeBytes("/")).toBeLessThan(8 * MIB);
    // The node is full, not broken: removing the file gives the space back.
    await lab.sh(a, ["rm", "/tmp/fill"]);
    await lab.sh(a, ["sh", "-c", "echo ok > /tmp/after"]);
  });

  it("shares a host path only through a bind, writable or read-only as the bind says", async () => {
    await labs.start();
    const lab = labs.newLab();
    const shared = `/var/tmp/nf-bind-${randomBytes(4).toString("hex")}`;
    mkdirSync(shared);
    writeFileSync(path.join(shared, "ro.txt"), "host\n");
    try {
      const a = await lab.node("a", {
        binds: [
          { source: shared, target: "/shared", readOnly: false },
          { source: path.join(shared, "ro.txt"), target: "/etc/ro.txt", readOnly: true },
        ],
      });
      await lab.sh(a, ["sh", "-c", "echo from-node > /shared/out.txt"]);
      expect(readFileSync(path.join(shared, "out.txt"), "utf8")).toBe("from-node\n");
      const ro = await lab.runtime.exec(a, ["sh", "-c", "echo x > /etc/ro.txt"]);
      expect(ro.exitCode).not.toBe(0);
      expect(ro.stderr).toMatch(/Read-only file system/);
      // The mount point the bind needed was made in the node, not on the host.
      expect(existsSync("/shared")).toBe(false);
      // And the node's view of the host is gone once it is set up: no host tree left mounted.
      expect((await lab.runtime.exec(a, ["test", "-e", "/.fabric-host"])).exitCode).toBe(1);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
