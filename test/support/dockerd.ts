// dockerd for the docker runtime's tests: used as is when one answers, else started here and
// stopped again by whoever started it. It installs nothing (scripts/setup installs docker.io).
//
// A dockerd started here is configured for a shared test host (DESIGN.md §6): no default
// docker0 bridge, no iptables rules and no ip_forward changes, so nothing it does can NAT or
// route lab traffic off the machine, and other labs' forwarding is left as it was.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { dockerodeApi } from "../../src/runtime/docker/dockerode-api.js";
import { processRef, signalIfSame, waitUntilGone, type ProcessRef } from "../../src/host/proc.js";

export const DOCKERD_ARGS = ["--bridge=none", "--iptables=false", "--ip-forward=false"] as const;

export interface Dockerd {
  /** True when this process started it (and `stop` will stop it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

async function answers(): Promise<boolean> {
  return dockerodeApi()
    .ping()
    .then(
      () => true,
      () => false,
    );
}

export async function ensureDockerd(timeoutMs = 30_000): Promise<Dockerd> {
  if (await answers()) return { started: false, stop: async () => undefined };
  const found = await execa("sh", ["-c", "command -v dockerd"], { reject: false });
  if (found.exitCode !== 0)
    throw new Error("dockerd is not installed: run scripts/setup (Debian package docker.io)");
  const log = join(mkdtempSync(join(tmpdir(), "fabric-dockerd-")), "dockerd.log");
  const fd = openSync(log, "a");
  const child = spawn(found.stdout.trim(), [...DOCKERD_ARGS], { detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  child.unref();
  let exited = false;
  child.once("exit", () => (exited = true));
  const ref: ProcessRef | undefined = child.pid === undefined ? undefined : await processRef(child.pid);
  const stop = async () => {
    if (!ref) return;
    await signalIfSame(ref, "SIGTERM");
    if (!(await waitUntilGone(ref, 20_000))) await signalIfSame(ref, "SIGKILL");
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await answers())) {
    if (exited || !ref || Date.now() > deadline) {
      await stop();
      throw new Error(
        `dockerd did not come up; its log (${log}):\n${readFileSync(log, "utf8").slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { started: true, stop };
}

/** The local FRR image (scripts/build-images.sh: built once, then reused by tag). */
export async function localFrrImage(): Promise<string> {
  const { stdout } = await execa("scripts/build-images.sh", [], { stderr: "inherit" });
  const tag = stdout.trim().split("\n").pop();
  if (!tag) throw new Error("scripts/build-images.sh printed no image tag");
  return tag;
}

/**
 * The images our examples name, as local stand-ins where no registry is reachable
 * (scripts/build-images.sh --seed: fabric-frr:bookworm, frrouting/frr:v8.2.2,
 * nicolaka/netshoot:latest; built once, then reused by tag; real pulled images are left alone).
 */
export async function localSeedImages(): Promise<string[]> {
  const { stdout } = await execa("scripts/build-images.sh", ["--seed"], { stderr: "inherit" });
  const tags = stdout.trim().split("\n");
  if (!tags.includes("frrouting/frr:v8.2.2") || !tags.includes("nicolaka/netshoot:latest"))
    throw new Error(`scripts/build-images.sh --seed printed ${JSON.stringify(tags)}`);
  return tags;
}
