// A node's holder is set up in one of two ways (runtime/netns/holder.ts): by the spawner's own
// system calls (the default) or by HOLDER_SCRIPT's shell and its programs (FABRIC_HOLDER=shell,
// and wherever there is no spawner). Both read the same steps; this compares what they make, node
// against node: the mount table as the node sees it, hostname, lo, the private dirs' owners and
// modes, a read-only bind, and a node sharing another's network.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { NodeRecord, NodeSpec } from "../../../src/runtime/types.js";
import { useTestLabs, type TestLab } from "./fixture.js";

const saved = process.env["FABRIC_HOLDER"];
afterEach(() => {
  if (saved === undefined) delete process.env["FABRIC_HOLDER"];
  else process.env["FABRIC_HOLDER"] = saved;
});

async function nodeBy(
  method: "spawner" | "shell",
  lab: TestLab,
  name: string,
  extra: Partial<NodeSpec> = {},
): Promise<NodeRecord> {
  if (method === "shell") process.env["FABRIC_HOLDER"] = "shell";
  else delete process.env["FABRIC_HOLDER"];
  return lab.node(name, extra);
}

/**
 * The node's mounts, one line each: mount point, its options, propagation, type, source. Peer
 * group numbers and the node's own paths (its stage dir, which has its name) are left out.
 */
async function view(lab: TestLab, node: NodeRecord): Promise<string[]> {
  const mountinfo = await lab.sh(node, ["cat", "/proc/self/mountinfo"]);
  const mounts = mountinfo
    .trim()
    .split("\n")
    .map((line) => {
      const [left, right] = line.split(" - ");
      const f = left!.split(" ");
      const optional = f
        .slice(6)
        .map((o) => o.replace(/:\d+$/, ""))
        .join(",");
      const [type, source] = right!.split(" ");
      return `${f[4]} ${f[5]} [${optional}] ${type} ${source}`;
    });
  const owners = await lab.sh(node, ["stat", "-c", "%n %u %g %a", "/tmp", "/etc/frr", "/var/run/frr"]);
  const lo = await lab.sh(node, ["ip", "-o", "link", "show", "lo"]);
  return [
    ...mounts,
    `hostname ${(await lab.sh(node, ["hostname"])).trim()}`,
    `lo ${/<([^>]*)>/.exec(lo)?.[1] ?? "?"}`,
    ...owners.trim().split("\n"),
  ].map((line) => line.replaceAll(node.name, "NODE").replaceAll(lab.name, "LAB"));
}

describe("netns runtime: the two ways of setting a holder up make the same node", () => {
  const labs = useTestLabs();

  it("same mounts, hostname, lo, private dirs and binds; a shared network is shared", async () => {
    await labs.start();
    const shared = `/var/tmp/nf-methods-${randomBytes(4).toString("hex")}`;
    mkdirSync(shared);
    writeFileSync(path.join(shared, "ro.txt"), "host\n");
    const binds = [
      { source: shared, target: "/shared", readOnly: false },
      { source: path.join(shared, "ro.txt"), target: "/etc/ro.txt", readOnly: true },
    ];
    try {
      const views = [];
      for (const method of ["spawner", "shell"] as const) {
        const lab = labs.newLab();
        const x = await nodeBy(method, lab, "node-x", { binds });
        const y = await nodeBy(method, lab, "node-y", { sharesNetworkWith: x });
        await lab.sh(x, ["ip", "link", "add", "probe0", "type", "veth", "peer", "name", "probe1"]);
        // y sees x's interfaces and keeps its own hostname.
        expect(await lab.sh(y, ["ip", "-o", "link", "show", "probe0"])).toMatch(/probe0/);
        expect((await lab.sh(y, ["hostname"])).trim()).toBe("node-y");
        const ro = await lab.runtime.exec(x, ["sh", "-c", "echo x > /etc/ro.txt"]);
        expect(ro.stderr, method).toMatch(/Read-only file system/);
        views.push({ method, x: await view(lab, x), y: await view(lab, y) });
      }
      const [bySpawner, byShell] = views;
      expect(bySpawner!.x).toContain("hostname NODE");
      expect(bySpawner!.x.some((l) => l.startsWith("lo ") && l.includes("UP"))).toBe(true);
      expect(bySpawner!.x).toEqual(byShell!.x);
      expect(bySpawner!.y).toEqual(byShell!.y);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it("fails the same way: the step's error from the holder's log, and nothing left behind", async () => {
    await labs.start();
    const shared = `/var/tmp/nf-methods-${randomBytes(4).toString("hex")}`;
    mkdirSync(shared);
    try {
      for (const method of ["spawner", "shell"] as const) {
        const lab = labs.newLab();
        // procfs takes no new directory: the mount point for this bind cannot be made.
        const made = nodeBy(method, lab, "node-x", {
          binds: [{ source: shared, target: "/proc/fabric-nope", readOnly: false }],
        });
        await expect(made, method).rejects.toMatchObject({
          code: "node-start-failed",
          message: expect.stringMatching(/could not start node \S+\/node-x: .*\n.*fabric-nope/s),
        });
      }
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
