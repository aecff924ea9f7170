// The speaker host: every hosted instance by name, and the requests that add, stop, start,
// reload and remove them. Requests run one at a time (a queue), so two clients racing on the
// same instance see each other's result, never a half-started instance.
import { assertNever, FabricError } from "../../../errors.js";
import { HostedInstance } from "./instance.js";
import type { HostRequest, HostResponse, HostStatus, InstanceSpec, LoopDelay } from "./protocol.js";

/** Instances whose stop starts in one turn of the loop at shutdown (~0.8 ms each). */
const SHUTDOWN_BATCH = 32;

export class SpeakerHost {
  private readonly instances = new Map<string, HostedInstance>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly startedAt = Date.now();

  constructor(private readonly loopDelay: () => LoopDelay) {}

  handle(request: HostRequest): Promise<HostResponse> {
    const next = this.queue.then(() => this.dispatch(request)).catch(failure);
    this.queue = next;
    return next;
  }

  /**
   * Every instance stopped (Cease to every peer), for the host's own shutdown. A few at a time with
   * the loop's turn between: each stop writes its Ceases before its first await, and a thousand
   * of them back to back held the loop 0.8 s (a profile of a 1,024-node lab's destroy).
   */
  async shutdown(): Promise<void> {
    await this.queue.catch(() => undefined);
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

function failure(err: unknown): HostResponse {
  if (err instanceof FabricError) return { ok: false, code: err.code, error: err.message };
  return { ok: false, code: "speaker-host-failed", error: (err as Error)?.message ?? String(err) };
}
