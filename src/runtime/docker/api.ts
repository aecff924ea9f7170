// The part of the Docker Engine API the runtime uses, as one narrow interface: the runtime's
// decisions (names, create options, the privilege fallback, image checks) are then unit-tested
// against a fake object, and dockerode-api.ts is the only file that talks to dockerd.
import type { ContainerCreateOptions, NetworkCreateOptions } from "dockerode";
import type { ExecResult } from "../types.js";

export type { ContainerCreateOptions, NetworkCreateOptions };

/** What an image itself would run (its ENTRYPOINT and CMD). */
export interface ImageCommand {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
}

export interface ContainerState {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  /** Frozen by `docker pause` (the cgroup freezer): running, but no process gets a CPU. */
  readonly paused: boolean;
  /** Host pid of the container's pid 1; 0 when not running. */
  readonly pid: number;
  readonly exitCode: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ApiExecOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/**
 * An Engine API failure with its HTTP status (404 no such object, 409 conflict, 500 daemon or
 * runtime error), so callers decide on the status and never on message text alone.
 */
export class DockerApiError extends Error {
  override readonly name = "DockerApiError";
  constructor(
    readonly statusCode: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DockerApi {
  ping(): Promise<void>;
  /** The image's command; undefined when dockerd does not have the image. */
  inspectImage(ref: string): Promise<ImageCommand | undefined>;
  /** Pulls, reporting each status line the daemon sends ("Downloading 12 MB/40 MB"). */
  pullImage(ref: string, onStatus: (line: string) => void): Promise<void>;
  /** Returns the new container's id. */
  createContainer(options: ContainerCreateOptions): Promise<string>;
  startContainer(nameOrId: string): Promise<void>;
  /** undefined when there is no such container. */
  inspectContainer(nameOrId: string): Promise<ContainerState | undefined>;
  /** Force-removes (with anonymous volumes); false when there was no such container. */
  removeContainer(nameOrId: string): Promise<boolean>;
  /** `docker pause` / `docker unpause`: freezes or thaws every process of the container at once. */
  pauseContainer(nameOrId: string): Promise<void>;
  unpauseContainer(nameOrId: string): Promise<void>;
  /** The last lines the container printed, for error messages. */
  containerLogs(nameOrId: string, tail: number): Promise<string>;
  listContainers(filters: Record<string, string[]>): Promise<ContainerSummary[]>;
  /** Runs argv in the container through the exec API: stdout and stderr apart, and the exit code. */
  exec(nameOrId: string, argv: readonly string[], options?: ApiExecOptions): Promise<ExecResult>;
  createNetwork(options: NetworkCreateOptions): Promise<void>;
  /** false when there was no such network. */
  removeNetwork(nameOrId: string): Promise<boolean>;
  listNetworks(filters: Record<string, string[]>): Promise<NetworkSummary[]>;
}
