// The BGP speaker as a sidecar of a Kubernetes node: one `fabric speaker run` process per node,
// inside the node's namespaces, the way Cilium's agent runs its BGP control plane on every node.
// Its config file and control socket live in the node's state dir, a host path the node sees too:
// a Unix socket is reached by path, whatever network namespace the caller is in, so `fabric bgp
// peers` on the host talks to it directly.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import { toConfigFile } from "../../bgp/speaker/config-file.js";
import { FabricError } from "../../errors.js";
import type { ProcessRecord } from "../../state/processes.js";
import type { NodeRecord, Runtime, SpawnedProcess } from "../../runtime/types.js";
import { loopStatusFile, supervisedArgv } from "./supervisor/process-loop.js";

/**
 * What the speaker needs of where it runs: a runtime's node, or (a kind node, which no runtime
 * owns) the host side of it, lab/kind-host.ts.
 */
export type SpeakerRuntime = Pick<Runtime, "exec" | "spawn" | "netnsPath">;

/** sun_path is 108 bytes with its terminating NUL. */
const SUN_PATH_MAX = 107;
const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

export interface SpeakerFiles {
  readonly config: string;
  readonly control: string;
  readonly log: string;
}

export function speakerFiles(node: NodeRecord): SpeakerFiles {
  const files = {
    config: path.join(node.stateDir, "speaker.json"),
    control: path.join(node.stateDir, "bgp.sock"),
    log: path.join(node.stateDir, "logs", "speaker.log"),
  };
  if (Buffer.byteLength(files.control) > SUN_PATH_MAX) {
    throw new FabricError("socket-path-too-long", `the control socket path ${files.control} is too long`, {
      suggestion: "use a shorter lab name",
    });
  }
  return files;
}

/** This fabric's own entry point, from src/k8s or dist/k8s alike. */
export function fabricBin(): string {
  return fileURLToPath(new URL("../../../bin/fabric.js", import.meta.url));
}

/**
 * The sidecar command as spawned: the speaker under its restart loop
 * (supervisor/process-loop.ts), so one that dies is started again and counted.
 */
export function speakerArgv(files: SpeakerFiles): string[] {
  return supervisedArgv(loopStatusFile(files.config), speakerRunArgv(files));
}

/** The speaker itself: the same node binary and fabric that deployed the lab. */
export function speakerRunArgv(files: SpeakerFiles): string[] {
  return [
    process.execPath,
    fabricBin(),
    "speaker",
    "run",
    "--config",
    files.config,
    "--control",
    files.control,
  ];
}

/** The config file the speaker reads, in the speaker's own file format. */
export function speakerConfigText(config: SpeakerConfig): string {
  return JSON.stringify(toConfigFile(config), null, 2) + "\n";
}

/**
 * Writes the config and starts the speaker, and returns once its control socket exists (it is
 * listening) — or fails with the end of its log when it exits first or never gets there.
 * The file is written from inside the node (`tee`), like every other file fabric puts in a node.
 */
export async function startSpeaker(
  runtime: SpeakerRuntime,
  node: NodeRecord,
  config: SpeakerConfig,
): Promise<ProcessRecord> {
  const files = speakerFiles(node);
  const written = await runtime.exec(node, ["tee", files.config], { input: speakerConfigText(config) });
  if (written.exitCode !== 0) {
    throw new FabricError(
      "speaker-config",
      `node ${node.name}: cannot write ${files.config}: ${written.stderr.trim()}`,
    );
  }
  return launchSpeaker(runtime, node);
}

/** Starts the speaker on the config file already in the node (deploy wrote it). */
export async function launchSpeaker(runtime: SpeakerRuntime, node: NodeRecord): Promise<ProcessRecord> {
  const files = speakerFiles(node);
  // A stale socket from an earlier run would look like readiness.
  await runtime.exec(node, ["rm", "-f", files.control]);
  const argv = speakerArgv(files);
  // From the host's filesystem: the node's private /tmp may hide where fabric is installed.
  const spawned = await runtime.spawn(node, argv, { logFile: files.log, hostFilesystem: true });
  await waitReady(runtime, node, files, spawned);
  return {
    purpose: "speaker",
    node,
    argv,
    ref: spawned.ref,
    logFile: spawned.logFile,
    startedAt: new Date().toISOString(),
  };
}

async function waitReady(
  runtime: SpeakerRuntime,
  node: NodeRecord,
  files: SpeakerFiles,
  spawned: SpawnedProcess,
): Promise<void> {
  let exited: { exitCode: number | null; signal: string | null } | undefined;
  void spawned.exited.then((e) => (exited = e)).catch(() => undefined);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if ((await runtime.exec(node, ["test", "-S", files.control])).exitCode === 0) return;
    if (exited || Date.now() > deadline) {
      const log = await readFile(spawned.logFile, "utf8").catch(() => "");
      const tail = log.trim().split("\n").slice(-10).join("\n    ");
      const why = exited
        ? `exited (${exited.exitCode ?? exited.signal}) before opening its control socket`
        : `did not open its control socket within ${READY_TIMEOUT_MS / 1000} s`;
      throw new FabricError(
        "speaker-failed",
        `node ${node.name}: the BGP speaker ${why}${tail ? `:\n    ${tail}` : ""}`,
        {
          suggestion: `see ${spawned.logFile}; deploy with --no-speakers to bring the lab up without them`,
        },
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
