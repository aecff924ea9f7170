// DockerApi over dockerode: the one file that talks to dockerd. Errors become DockerApiError
// with the HTTP status, and 404s become `false`/`undefined` where absence is a normal answer.
import { PassThrough } from "node:stream";
import Docker from "dockerode";
import { FabricError } from "../../errors.js";
import { processRef, signalIfSame } from "../../host/proc.js";
import type { ExecResult } from "../types.js";
import {
  DockerApiError,
  type ApiExecOptions,
  type ContainerCreateOptions,
  type ContainerState,
  type DockerApi,
  type NetworkCreateOptions,
} from "./api.js";

interface ModemError {
  readonly statusCode?: number;
  readonly json?: { readonly message?: string } | null;
  readonly reason?: string;
  readonly message?: string;
}

function apiError(cause: unknown): DockerApiError {
  const e = (cause ?? {}) as ModemError;
  const message = e.json?.message ?? e.message ?? e.reason ?? String(cause);
  return new DockerApiError(e.statusCode, message.trim(), { cause });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    throw apiError(cause);
  }
}

/** `fn`'s answer, or `absent` when the daemon says 404. */
async function unless404<T, A>(fn: () => Promise<T>, absent: A): Promise<T | A> {
  try {
    return await fn();
  } catch (cause) {
    const err = apiError(cause);
    if (err.statusCode === 404) return absent;
    throw err;
  }
}

export function dockerodeApi(docker: Docker = new Docker()): DockerApi {
  return {
    async ping() {
      await call(() => docker.ping());
    },

    inspectImage: (ref) =>
      unless404(async () => {
        const { Config } = await docker.getImage(ref).inspect();
        const words = (v: string | string[] | null | undefined) =>
          v == null ? [] : typeof v === "string" ? [v] : v;
        return { entrypoint: words(Config.Entrypoint), cmd: words(Config.Cmd) };
      }, undefined),

    async pullImage(ref, onStatus) {
      const stream = await call(() => docker.pull(ref) as Promise<NodeJS.ReadableStream>);
      // A failed pull can also arrive as a 200 whose progress stream ends in an `error` event.
      await new Promise<void>((resolve, reject) => {
        let failure: string | undefined;
        docker.modem.followProgress(
          stream,
          (err: Error | null) => {
            if (err) reject(apiError(err));
            else if (failure) reject(new DockerApiError(500, failure));
            else resolve();
          },
          (event: { status?: string; progress?: string; id?: string; error?: string }) => {
            if (event.error) failure = event.error;
            else if (event.status)
              onStatus([event.id, event.status, event.progress].filter(Boolean).join(" "));
          },
        );
      });
    },

    async createContainer(options: ContainerCreateOptions) {
      const container = await call(() => docker.createContainer(options));
      return container.id;
    },

    async startContainer(nameOrId) {
      await call(() => docker.getContainer(nameOrId).start());
    },

    inspectContainer: (nameOrId) =>
      unless404(async (): Promise<ContainerState> => {
        const info = await docker.getContainer(nameOrId).inspect();
        return {
          id: info.Id,
          name: info.Name.replace(/^\//, ""),
          running: info.State.Running,
          paused: info.State.Paused,
          pid: info.State.Pid,
          exitCode: info.State.ExitCode,
          labels: info.Config.Labels ?? {},
        };
      }, undefined),

    removeContainer: (nameOrId) =>
      unless404(
        () =>
          docker
            .getContainer(nameOrId)
            .remove({ force: true, v: true })
            .then(() => true),
        false,
      ),

    async pauseContainer(nameOrId) {
      await call(() => docker.getContainer(nameOrId).pause());
    },

    async unpauseContainer(nameOrId) {
      await call(() => docker.getContainer(nameOrId).unpause());
    },

    async containerLogs(nameOrId, tail) {
      const raw = await call(() =>
        docker.getContainer(nameOrId).logs({ stdout: true, stderr: true, tail, follow: false }),
      );
      return demuxBuffer(raw);
    },

    async listContainers(filters) {
      const list = await call(() => docker.listContainers({ all: true, filters: JSON.stringify(filters) }));
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
        labels: c.Labels ?? {},
      }));
    },

    exec: (nameOrId, argv, options = {}) => execInContainer(docker, nameOrId, argv, options),

    async createNetwork(options: NetworkCreateOptions) {
      await call(() => docker.createNetwork(options));
    },

    removeNetwork: (nameOrId) =>
      unless404(
        () =>
          docker
            .getNetwork(nameOrId)
            .remove()
            .then(() => true),
        false,
      ),

    async listNetworks(filters) {
      const list = await call(() => docker.listNetworks({ filters: JSON.stringify(filters) }));
      return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
    },
  };
}

/**
 * The exec API: create, start attached (hijacked, so stdin can be written and half-closed),
 * split Docker's multiplexed stream into stdout and stderr, then ask for the exit code. On a
 * timeout the process is killed by its host pid, which the exec API reports and which this
 * very exec started.
 */
async function execInContainer(
  docker: Docker,
  nameOrId: string,
  argv: readonly string[],
  options: ApiExecOptions,
): Promise<ExecResult> {
  const withInput = options.input !== undefined;
  const exec = await call(() =>
    docker.getContainer(nameOrId).exec({
      Cmd: [...argv],
      Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      AttachStdin: withInput,
      AttachStdout: true,
      AttachStderr: true,
    }),
  );
  const stream = await call(() => exec.start({ hijack: true, stdin: withInput }));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  docker.modem.demuxStream(stream, stdout, stderr);
  const ended = new Promise<void>((resolve, reject) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", (cause: unknown) => reject(apiError(cause)));
  });
  if (withInput) stream.end(options.input);

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    if (options.timeoutMs !== undefined) timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
  });
  try {
    if ((await Promise.race([ended, timedOut])) === "timeout") {
      const { Pid } = await exec.inspect();
      const ref = Pid ? await processRef(Pid) : undefined;
      if (ref) await signalIfSame(ref, "SIGKILL");
      stream.destroy();
      throw new FabricError(
        "node-exec-timeout",
        `${argv.join(" ")} did not finish within ${options.timeoutMs} ms in container ${nameOrId}`,
      );
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
  // The stream can end a moment before the daemon records the exit code.
  for (let i = 0; ; i++) {
    const info = await call(() => exec.inspect());
    if (!info.Running && info.ExitCode !== null) {
      return {
        exitCode: info.ExitCode,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      };
    }
    if (i > 100) throw new DockerApiError(undefined, `exec in ${nameOrId} ended without an exit code`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `docker logs` of a container without a TTY is multiplexed (8-byte frame headers); with one, raw. */
function demuxBuffer(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const type = raw.readUInt8(offset);
    const length = raw.readUInt32BE(offset + 4);
    if (type > 2 || offset + 8 + length > raw.length) return raw.toString("utf8");
    parts.push(raw.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return offset === raw.length ? Buffer.concat(parts).toString("utf8") : raw.toString("utf8");
}
