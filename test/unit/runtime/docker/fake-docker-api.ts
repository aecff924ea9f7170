// An in-memory DockerApi: images it "has", containers created and started, networks; and the
// one behaviour the privilege decision depends on, a daemon that refuses privileged starts the
// way runc does here. Every call is recorded so tests check what the runtime asked for.
import {
  DockerApiError,
  type ApiExecOptions,
  type ContainerCreateOptions,
  type DockerApi,
  type ImageCommand,
  type NetworkCreateOptions,
} from "../../../../src/runtime/docker/api.js";
import type { ExecResult } from "../../../../src/runtime/types.js";

export const RUNC_CAPS_REFUSAL =
  "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown";

interface FakeContainer {
  readonly id: string;
  readonly options: ContainerCreateOptions;
  running: boolean;
  paused?: boolean;
}

export class FakeDockerApi implements DockerApi {
  readonly calls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, NetworkCreateOptions>();
  /** Images the daemon has; `pullable` ones appear after a pull. */
  readonly images = new Map<string, ImageCommand>();
  readonly pullable = new Map<string, ImageCommand>();
  refusePrivileged = false;
  /** Another start failure, for "not a refusal" cases. */
  startError: string | undefined;
  private nextId = 1;

  async ping(): Promise<void> {}

  async inspectImage(ref: string) {
    this.calls.push(`inspectImage ${ref}`);
    return this.images.get(ref);
  }

  async pullImage(ref: string, onStatus: (line: string) => void) {
    this.calls.push(`pull ${ref}`);
    const found = this.pullable.get(ref);
    if (!found) throw new DockerApiError(404, `pull access denied for ${ref}, repository does not exist`);
    onStatus("Downloading 1 MB/2 MB");
    onStatus("Download complete");
    this.images.set(ref, found);
  }

  async createContainer(options: ContainerCreateOptions) {
    const name = options.name ?? "";
    this.calls.push(`create ${name}`);
    if (this.containers.has(name))
      throw new DockerApiError(409, `Conflict. The container name "/${name}" is already in use`);
    const id = `id${this.nextId++}`;
    this.containers.set(name, { id, options, running: false });
    return id;
  }

  async startContainer(nameOrId: string) {
    const c = this.find(nameOrId);
    this.calls.push(`start ${c.options.name}`);
    if (this.refusePrivileged && c.options.HostConfig?.Privileged)
      throw new DockerApiError(500, RUNC_CAPS_REFUSAL);
    if (this.startError) throw new DockerApiError(500, this.startError);
    c.running = true;
  }

  async inspectContainer(nameOrId: string) {
    const c = this.lookup(nameOrId);
    return (
      c && {
        id: c.id,
        name: c.options.name ?? "",
        running: c.running,
        paused: c.paused === true,
        pid: c.running ? process.pid : 0,
        exitCode: 0,
        labels: c.options.Labels ?? {},
      }
    );
  }

  async pauseContainer(nameOrId: string) {
    const c = this.find(nameOrId);
    this.calls.push(`pause ${c.options.name}`);
    c.paused = true;
  }

  async unpauseContainer(nameOrId: string) {
    const c = this.find(nameOrId);
    this.calls.push(`unpause ${c.options.name}`);
    c.paused = false;
  }

  async removeContainer(nameOrId: string) {
    const c = this.lookup(nameOrId);
    this.calls.push(`remove ${nameOrId}`);
    if (!c) return false;
    this.containers.delete(c.options.name ?? "");
    return true;
  }

  async containerLogs() {
    return "";
  }

  async listContainers(filters: Record<string, string[]>) {
    return [...this.containers.values()]
      .filter((c) => matches(c.options.Labels ?? {}, filters))
      .map((c) => ({ id: c.id, name: c.options.name ?? "", labels: c.options.Labels ?? {} }));
  }

  /** What an exec does; by default it succeeds at once with no output. */
  execHandler: (nameOrId: string, argv: readonly string[], options?: ApiExecOptions) => Promise<ExecResult> =
    async () => ({ exitCode: 0, stdout: "", stderr: "" });

  async exec(nameOrId: string, argv: readonly string[], options?: ApiExecOptions): Promise<ExecResult> {
    this.calls.push(
      `exec ${nameOrId} ${argv.join(" ")}${options?.timeoutMs ? ` (${options.timeoutMs} ms)` : ""}`,
    );
    return this.execHandler(nameOrId, argv, options);
  }

  async createNetwork(options: NetworkCreateOptions) {
    this.calls.push(`createNetwork ${options.Name}`);
    if (this.networks.has(options.Name))
      throw new DockerApiError(409, `network ${options.Name} already exists`);
    this.networks.set(options.Name, options);
  }

  async removeNetwork(nameOrId: string) {
    this.calls.push(`removeNetwork ${nameOrId}`);
    return this.networks.delete(nameOrId);
  }

  async listNetworks(filters: Record<string, string[]>) {
    return [...this.networks.values()]
      .filter(
        (n) => matches(n.Labels ?? {}, filters) && (filters["name"] ?? []).every((s) => n.Name.includes(s)),
      )
      .map((n) => ({ id: n.Name, name: n.Name, labels: n.Labels ?? {} }));
  }

  private lookup(nameOrId: string): FakeContainer | undefined {
    return this.containers.get(nameOrId) ?? [...this.containers.values()].find((c) => c.id === nameOrId);
  }

  private find(nameOrId: string): FakeContainer {
    const c = this.lookup(nameOrId);
    if (!c) throw new DockerApiError(404, `No such container: ${nameOrId}`);
    return c;
  }
}

/** Docker's label filter: `key` (present) or `key=value`. */
function matches(labels: Record<string, string>, filters: Record<string, string[]>): boolean {
  return (filters["label"] ?? []).every((f) => {
    const [key = "", value] = f.split("=", 2);
    return value === undefined ? key in labels : labels[key] === value;
  });
}
