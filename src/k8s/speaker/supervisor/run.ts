// The speaker host's supervisor: a small process per lab whose one job is to keep the lab's
// speaker host running, as a kubelet keeps a DaemonSet pod running. It starts the host as its
// child, and when the host exits on its own it starts it again after a backoff and gives it back
// every instance the lab record says is running (`fabric bgp stop NODE` is respected). Restarts
// are counted in supervisor.json. SIGTERM (destroy) is passed on to the host, which sends its
// Ceases, and then the supervisor exits without restarting anything.
//
// The host is started under `setpriv --pdeathsig KILL` so that it dies with its supervisor: a
// `kill -9` of the supervisor can never leave a host that nothing watches and destroy cannot find.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { askHost } from "../../../bgp/speaker/host/client.js";
import { processRef, sleep, type ProcessRef } from "../../../host/proc.js";
import { asLabResource } from "../../../state/resources.js";
import { StateStore } from "../../../state/state-store.js";
import { consecutiveCrashes, restartDelayMs } from "./backoff.js";
import { describeExit, writeSupervisorStatus, type HostExit, type SupervisorStatus } from "./status.js";

const SETPRIV = "/usr/bin/setpriv";
const READY_TIMEOUT_MS = 20_000;

export interface SupervisorOptions {
  /** The lab's directory: the host's --dir, and where the lab record lives. */
  readonly dir: string;
  /** The host's argv (node, bin/fabric-speaker-host.js, --dir DIR). */
  readonly hostArgv: readonly string[];
  readonly log: (line: string) => void;
}

export async function superviseSpeakerHost(opts: SupervisorOptions): Promise<void> {
  const self = await processRef(process.pid);
  if (!self) throw new Error("cannot read this process's own /proc entry");
  const socket = path.join(opts.dir, "host.sock");
  let status: SupervisorStatus = { supervisor: self, phase: "starting", restarts: 0 };
  const publish = (next: SupervisorStatus): void => {
    status = next;
    writeSupervisorStatus(opts.dir, status);
  };
  publish(status);

  let stopping = false;
  let child: ChildProcess | undefined;
  const stop = (): void => {
    stopping = true;
    child?.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  let crashes = 0;
  for (;;) {
    const startedAt = Date.now();
    child = spawnHost(opts.hostArgv);
    const exited = new Promise<Pick<HostExit, "code" | "signal">>((resolve) => {
      child?.once("exit", (code, signal) => resolve({ code, signal }));
      // A host that could not even be spawned counts as a crash (and is retried with backoff).
      child?.once("error", (err) => {
        opts.log(`could not start the speaker host: ${err.message}`);
        resolve({ code: null, signal: null });
      });
    });
    const host = child.pid !== undefined ? await processRef(child.pid) : undefined;
    publish({
      ...withoutRestartFields(status),
      ...(host && { host }),
      hostStartedAt: new Date(startedAt).toISOString(),
    });
    const ready = await Promise.race([untilAnswers(socket), exited.then(() => false)]);
    if (ready && !stopping) {
      publish({ ...status, phase: "running" });
      if (status.restarts > 0) await restoreInstances(opts, socket);
    } else if (!ready && !stopping) {
      opts.log(`speaker host did not answer within ${READY_TIMEOUT_MS / 1000} s; killing it`);
      child.kill("SIGKILL");
    }
    const exit = await exited;
    if (stopping) {
      publish({ ...withoutRestartFields(status), phase: "stopped" });
      return;
    }
    const ranMs = Date.now() - startedAt;
    crashes = consecutiveCrashes(crashes, ranMs);
    const delay = restartDelayMs(crashes);
    const lastExit: HostExit = { ...exit, at: new Date().toISOString(), ranMs };
    opts.log(
      `speaker host (pid ${child.pid ?? "?"}) ${describeExit(exit)} after ${(ranMs / 1000).toFixed(1)} s; ` +
        `restarting it in ${delay} ms (restart ${status.restarts + 1})`,
    );
    const { host: _gone, ...rest } = status;
    publish({
      ...rest,
      phase: "restarting",
      restarts: status.restarts + 1,
      lastExit,
      nextStartAt: new Date(Date.now() + delay).toISOString(),
    });
    await sleepUnlessStopped(delay, () => stopping);
    if (stopping) {
      publish({ ...withoutRestartFields(status), phase: "stopped" });
      return;
    }
  }
}

function spawnHost(argv: readonly string[]): ChildProcess {
  const [file, ...args] = argv;
  const wrapped = existsSync(SETPRIV)
    ? [SETPRIV, "--pdeathsig", "KILL", file ?? process.execPath, ...args]
    : [file ?? process.execPath, ...args];
  // stdout and stderr are the supervisor's own: the lab's speaker-host.log.
  return spawn(wrapped[0] ?? process.execPath, wrapped.slice(1), {
    stdio: ["ignore", "inherit", "inherit"],
    cwd: "/",
  });
}

function withoutRestartFields(s: SupervisorStatus): SupervisorStatus {
  const { nextStartAt: _n, ...rest } = s;
  return { ...rest, phase: s.phase === "restarting" ? "starting" : s.phase };
}

async function untilAnswers(socket: string): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answer = await askHost(socket, { op: "status" }, 1000).catch(() => undefined);
    if (answer?.ok) return true;
    await sleep(50);
  }
  return false;
}

async function sleepUnlessStopped(ms: number, stopped: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!stopped() && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
}

/**
 * Every instance the lab record says runs goes back into the new host, as deploy added it. The
 * record, not a memory of the dead host, decides: it is what `fabric bgp stop|start` updates.
 */
async function restoreInstances(opts: SupervisorOptions, socket: string): Promise<void> {
  const state = new StateStore(path.dirname(opts.dir)).read(path.basename(opts.dir));
  const instances = (state?.resources ?? []).flatMap((entry) => {
    const r = asLabResource(entry);
    return r?.type === "speaker-instance" && r.record.running ? [r.record.spec] : [];
  });
  for (const spec of instances) {
    const r = await askHost(socket, { op: "add", instance: spec, restarted: true }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    opts.log(r.ok ? `restored instance ${spec.name}` : `could not restore instance ${spec.name}: ${r.error}`);
  }
}

export type { ProcessRef };
