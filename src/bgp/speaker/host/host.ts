// The speaker host: every hosted instance by name, and the requests that add, stop, start,
// reload and remove them. Requests for one instance run one at a time (a queue per name), so two
// clients racing on the same instance see each other's result, never a half-started instance.
// Requests for different instances overlap: an add waits for files and sockets several times, and
// with one queue for all, a 1,024-node deploy's adds ran one after another for 25 s while the
// host was busy with the sessions already up (each wait took a turn of its loop).
import { assertNever, FabricError } from "../../../errors.js";
import { HostedInstance } from "./instance.js";
import type { HostRequest, HostResponse, HostStatus, InstanceSpec, LoopDelay } from "./protocol.js";

/** Instances whose stop starts in one turn of the loop at shutdown (~0.8 ms each). */
const SHUTDOWN_BATCH = 32;

export class SpeakerHost {
  private readonly instances = new Map<string, HostedInstance>();
  /** The last request queued for each instance name; removed once it settles with none after. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly startedAt = Date.now();

  constructor(private readonly loopDelay: () => LoopDelay) {}

  handle(request: HostRequest): Promise<HostResponse> {
    const name = instanceNamed(request);
    // Status and peers read a snapshot: nothing to wait for.
    if (name === undefined) return this.dispatch(request).catch(failure);
    const before = this.queues.get(name) ?? Promise.resolve();
    const next = before.then(() => this.dispatch(request)).catch(failure);
    this.queues.set(name, next);
    void next.then(() => {
      if (this.queues.get(name) === next) this.queues.delete(name);
    });
    return next;
  }

  /**
   * Every instance stopped (Cease to every peer), for the host's own shutdown. A few at a time with
   * the loop's turn between: each stop writes its Ceases before its first await, and a thousand
   * of them back to back held the loop 0.8 s (a profile of a 1,024-node lab's destroy).
   */
  async shutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.catch(() => undefined)));
    const all = [...this.instances.values()];
    const stopping: Promise<void>[] = [];
    for (let i = 0; i < all.length; i += SHUTDOWN_BATCH) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const instance of all.slice(i, i + SHUTDOWN_BATCH))
        stopping.push(instance.stop().catch(() => undefined));
    }
    await Promise.all(stopping);
  }

  /** SIGHUP: every running instance re-reads its config. */
  async reloadAll(): Promise<void> {
    for (const i of this.instances.values())
      if (i.isRunning) await this.handle({ op: "reload", name: i.spec.name });
  }

  status(): HostStatus {
    const mem = process.memoryUsage();
    return {
      pid: process.pid,
      uptimeMs: Date.now() - this.startedAt,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      loopDelayMs: this.loopDelay(),
      instances: [...this.instances.values()].map((i) => i.status()),
    };
  }

  private async dispatch(request: HostRequest): Promise<HostResponse> {
    switch (request.op) {
      case "add":
        return this.add(request.instance, request.restarted ?? false);
      case "remove": {
        const instance = this.get(request.name);
        await instance.stop();
        this.instances.delete(request.name);
        return { ok: true };
      }
      case "stop": {
        const instance = this.get(request.name);
        await instance.stop();
        return { ok: true, instance: instance.status() };
      }
      case "start": {
        const instance = this.get(request.name);
        await instance.start();
        return { ok: true, instance: instance.status() };
      }
      case "reload": {
        const instance = this.get(request.name);
        await instance.reload();
        return { ok: true, instance: instance.status() };
      }
      case "pause": {
        const instance = this.get(request.name);
        instance.pause();
        return { ok: true, instance: instance.status() };
      }
      case "resume": {
        const instance = this.get(request.name);
        instance.resume();
        return { ok: true, instance: instance.status() };
      }
      case "status":
        return { ok: true, status: this.status() };
      case "peers":
        return { ok: true, instances: [...this.instances.values()].map((i) => i.peers()) };
      default:
        return assertNever(request, "host request");
    }
  }

  /**
   * Adds and starts an instance. Adding one that exists with the same spec starts it if stopped
   * (what `fabric bgp start` after a restart of the host needs); a different spec under the same
   * name is refused rather than silently replacing a running speaker.
   */
  private async add(spec: InstanceSpec, restarted: boolean): Promise<HostResponse> {
    const existing = this.instances.get(spec.name);
    if (existing && JSON.stringify(existing.spec) !== JSON.stringify(spec)) {
      throw new FabricError("instance-exists", `instance ${spec.name} already exists with another spec`);
    }
    const instance = existing ?? new HostedInstance(spec);
    this.instances.set(spec.name, instance);
    await instance.start({ restarted });
    return { ok: true, instance: instance.status() };
  }

  private get(name: string): HostedInstance {
    const instance = this.instances.get(name);
    if (!instance) throw new FabricError("no-instance", `the speaker host has no instance ${name}`);
    return instance;
  }
}

/** The instance a request is about; undefined for the requests about the whole host. */
function instanceNamed(request: HostRequest): string | undefined {
  switch (request.op) {
    case "add":
      return request.instance.name;
    case "remove":
    case "stop":
    case "start":
    case "reload":
    case "pause":
    case "resume":
      return request.name;
    case "status":
    case "peers":
      return undefined;
    default:
      return assertNever(request, "host request");
  }
}

function failure(err: unknown): HostResponse {
  if (err instanceof FabricError) return { ok: false, code: err.code, error: err.message };
  return { ok: false, code: "speaker-host-failed", error: (err as Error)?.message ?? String(err) };
}
