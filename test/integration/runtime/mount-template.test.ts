// The mount namespace nodes are copied from (runtime/netns/mount-template.ts) holds none of the
// host's /run/netns pins, while the host keeps every one; and making it costs a constant number of
// processes however many namespaces the host has (it ran one `umount` per pin: 786 processes and
// 7.5 s with another lab of 256 nodes up).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountTemplate, TEMPLATE_SCRIPT } from "../../../src/runtime/netns/mount-template.js";

const PINS = 40;
const tag = randomBytes(3).toString("hex");
const names = Array.from({ length: PINS }, (_, i) => `mt${tag}-${i}`);

/** Mount points under /run/netns in a process's mount namespace. */
function netnsMounts(pid: number | "self"): string[] {
  return readFileSync(`/proc/${pid}/mountinfo`, "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point === "/run/netns" || point.startsWith("/run/netns/"));
}

function ours(points: readonly string[]): string[] {
  return points.filter((p) => p.startsWith(`/run/netns/mt${tag}-`));
}

describe("netns runtime: the nodes' mount template", () => {
  beforeAll(() => {
    for (const name of names) {
      const r = spawnSync("ip", ["netns", "add", name], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`ip netns add ${name}: ${r.stderr}`);
    }
  });
  afterAll(() => {
    for (const name of names) spawnSync("ip", ["netns", "delete", name]);
  });

  it("holds none of the host's namespace pins, and the host keeps them all", async () => {
    expect(ours(netnsMounts("self"))).toHaveLength(PINS);
    const template = await mountTemplate();
    expect(template).toBeDefined();
    expect(netnsMounts(template!.pid)).toEqual([]);
    // Private: what the template unmounted is still mounted on the host.
    expect(ours(netnsMounts("self"))).toHaveLength(PINS);
  });

  it("runs a constant number of umount processes, not one per pin", async () => {
    // An umount that counts its calls, first on the script's PATH.
    const bin = mkdtempSync(path.join(tmpdir(), "mt-bin-"));
    const calls = path.join(bin, "calls");
    writeFileSync(calls, "");
    writeFileSync(path.join(bin, "umount"), `#!/bin/sh\necho "$*" >> ${calls}\nexec /usr/bin/umount "$@"\n`);
    chmodSync(path.join(bin, "umount"), 0o755);
    const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c", TEMPLATE_SCRIPT], {
      stdio: ["pipe", "pipe", "ignore"],
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = "";
        child.once("exit", (code) => reject(new Error(`template exited (${code})`)));
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (d: string) => {
          out += d;
          if (out.includes("ready\n")) resolve();
        });
      });
      expect(netnsMounts(child.pid!)).toEqual([]);
      const lines = readFileSync(calls, "utf8").trim().split("\n");
      // One that detaches /run/netns with every pin below it, one that finds nothing left.
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(lines.length).toBeLessThan(PINS);
    } finally {
      child.stdin.end();
      child.kill();
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
