// The lab's speaker host as a process on the host: started detached (it outlives `fabric
// deploy`), ready once its control socket answers, stopped with SIGTERM (Cease to every peer of
// every instance) and SIGKILL past a timeout. Behind an interface so unit tests never spawn one.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { askHost } from "../../bgp/speaker/host/client.js";
import type { HostRequest, HostResponse } from "../../bgp/speaker/host/protocol.js";
import { FabricError } from "../../errors.js";
import {
  isRunning,
  processRef,
  signalIfSame,
  sleep,
  waitUntilGone,
  type ProcessRef,
} from "../../host/proc.js";
import { fabricBin } from "./sidecar.js";
import type { SpeakerHostFiles } from "../../state/resources.js";

export type { SpeakerHostFiles };

export function speakerHostFiles(labDir: string): SpeakerHostFiles {
  return {
    dir: labDir,
    socket: path.join(labDir, "host.sock"),
    log: path.join(labDir, "logs", "speaker-host.log"),
  };
}

/** The host's own entry point beside bin/fabric.js: it loads the speaker, not the CLI. */
export function speakerHostBin(): string {
  return path.join(path.dirname(fabricBin()), "fabric-speaker-host.js");
}

/** The supervisor that runs the host and restarts it after a crash (supervisor/run.ts). */
export function speakerSupervisorBin(): string {
  return path.join(path.dirname(fabricBin()), "fabric-speaker-supervisor.js");
}

/**
 * What deploy starts and records: the supervisor, which starts the host as its child. The
 * recorded process is the supervisor; the host it runs now is in supervisor.json.
 */
export function speakerHostArgv(files: SpeakerHostFiles): string[] {
  return [process.execPath, speakerSupervisorBin(), "--dir", files.dir];
}

export interface SpeakerHostControl {
  /**
   * Starts the host under its supervisor; resolves once the host answers on its control socket,
   * with the supervisor's identity (the process that lives as long as the lab's speakers).
   */
  launch(files: SpeakerHostFiles): Promise<ProcessRef>;
  isRunning(ref: ProcessRef): Promise<boolean>;
  /** SIGTERM (every instance sends its Cease), then SIGKILL if it lingers. */
  stop(ref: ProcessRef): Promise<void>;
  ask(socket: string, request: HostRequest): Promise<HostResponse>;
  /** Writes an instance's config file where the host reads it (a host path). */
  writeConfig(file: string, text: string): void;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export const hostSpeakerHost: SpeakerHostControl = {
  async launch(files) {
    mkdirSync(path.dirname(files.log), { recursive: true });
    const fd = openSync(files.log, "a");
    const [file, ...args] = speakerHostArgv(files);
    let child;
    try {
      child = spawn(file ?? process.execPath, args, { detached: true, stdio: ["ignore", fd, fd], cwd: "/" });
    } finally {
      closeSync(fd);
    }
    let spawnError: Error | undefined;
    child.on("error", (e) => (spawnError = e));
    child.unref();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const exited = child.exitCode !== null || child.signalCode !== null;
      if (spawnError || exited || Date.now() > deadline) {
        if (!exited) child.kill("SIGKILL");
        const tail = readTail(files.log);
        const why = spawnError
          ? `could not start: ${spawnError.message}`
          : exited
            ? `exited (${child.exitCode ?? child.signalCode}) before answering`
            : `did not answer within ${READY_TIMEOUT_MS / 1000} s`;
        throw new FabricError("speaker-host-failed", `the lab's BGP speaker host ${why}${tail}`, {
          suggestion: `see ${files.log}; deploy with --no-speakers to bring the lab up without them`,
        });
      }
      const answer = await askHost(files.socket, { op: "status" }, 1000).catch(() => undefined);
      if (answer?.ok && child.pid !== undefined) {
        const ref = await processRef(child.pid);
        if (ref) return ref;
      }
      await sleep(50);
    }
  },
  isRunning,
  async stop(ref) {
    // The supervisor passes SIGTERM to the host (Ceases), waits for it, and exits.
    if (!(await signalIfSame(ref, "SIGTERM"))) return;
    if (!(await waitUntilGone(ref, 2 * STOP_TIMEOUT_MS))) {
      // The supervisor leads its own process group (it was started detached) and the host is in
      // it: one kill takes both, even a host whose supervisor is already gone.
      if (await isRunning(ref)) killGroup(ref.pid);
      await waitUntilGone(ref, STOP_TIMEOUT_MS);
    }
  },
  ask: (socket, request) => askHost(socket, request),
  writeConfig(file, text) {
    // The node's state dir is a host path: no process in the node is needed to write it.
    mkdirSync(path.dirname(file), { recursive: true });
    // 0600: the config carries TCP-MD5 passwords from the lab's Secrets.
    writeFileSync(file, text, { mode: 0o600 });
  },
};

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ESRCH") throw cause;
  }
}

function readTail(file: string): string {
  try {
    const tail = readFileSync(file, "utf8").trim().split("\n").slice(-10).join("\n    ");
    return tail ? `:\n    ${tail}` : "";
  } catch {
    return "";
  }
}
