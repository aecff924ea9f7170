// One hosted speaker: a node's SpeakerConfig run with its sockets in the node's network
// namespace, its own control socket and log. Stopped, it keeps its spec so start() brings it
// back on the config file as it is then (the lab may have rewritten it).
import { FabricError } from "../../../errors.js";
import { readConfigFile } from "../config-file.js";
import { ControlServer } from "../control-server.js";
import { namespaceKernel } from "../../fib/index.js";
import { namespaceGateways } from "../default-gateway.js";
import { namespaceRouters } from "../router-adverts.js";
import { NetworkNamespace } from "../netns.js";
import { namespaceSockets } from "../socket-place.js";
import { Speaker } from "../speaker.js";
import { RealTimerScheduler } from "../../fsm/index.js";
import { fileLogger, type ClosableLogger } from "./file-log.js";
import { Freezer } from "./freezer.js";
import type { InstancePeers, InstanceSpec, InstanceStatus } from "./protocol.js";

interface Running {
  readonly speaker: Speaker;
  readonly control: ControlServer;
  readonly netns: NetworkNamespace;
  readonly log: ClosableLogger;
  /** Pauses its timers and sockets for `fabric node stop` (pause/resume). */
  readonly freezer: Freezer;
}

export class HostedInstance {
  private running: Running | undefined;
  private lastError: string | undefined;

  constructor(readonly spec: InstanceSpec) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Starts it; on any failure everything it opened is closed again and the error says why. */
  /** `restarted`: given back after the host died, so its sessions announce graceful restart's R bit. */
  async start(options: { readonly restarted?: boolean } = {}): Promise<void> {
    if (this.running) return;
    const log = fileLogger(this.spec.log);
    let netns: NetworkNamespace | undefined;
    let speaker: Speaker | undefined;
    try {
      const file = readConfigFile(this.spec.config);
      netns = NetworkNamespace.open(this.spec.netns);
      const freezer = new Freezer();
      speaker = new Speaker(file.speaker, {
        log,
        sockets: freezer.wrap(namespaceSockets(netns)),
        scheduler: freezer.scheduler(new RealTimerScheduler()),
        kernel: namespaceKernel(this.spec.netns),
        gateways: namespaceGateways(netns),
        routers: namespaceRouters((line) => log.warn(line), netns),
        ...(options.restarted && { restarted: true }),
      });
      await speaker.start();
      const control = new ControlServer(this.spec.control, speaker);
      await control.listen();
      log.info(
        `speaker host: instance ${this.spec.name} in ${this.spec.netns}, control socket ${this.spec.control}` +
          (options.restarted ? " (restored after the speaker host restarted)" : ""),
      );
      this.running = { speaker, control, netns, log, freezer };
      this.lastError = undefined;
    } catch (err) {
      await speaker?.shutdown().catch(() => undefined);
      netns?.close();
      const message = (err as Error).message;
      log.warn(`speaker host: instance ${this.spec.name} failed to start: ${message}`);
      await log.close();
      this.lastError = message;
      throw err instanceof FabricError
        ? err
        : new FabricError("instance-start-failed", `instance ${this.spec.name}: ${message}`, { cause: err });
    }
  }

  /**
   * Freezes it as SIGSTOP would a process of its own: no timer fires, nothing is read or sent, so
   * its peers' hold timers expire. A stopped instance has nothing to freeze.
   */
  pause(): void {
    const r = this.running;
    if (!r || r.freezer.isFrozen) return;
    r.log.info("speaker host: paused (its node is frozen): no timers, no reads, no writes");
    r.freezer.freeze();
  }

  /** Carries on from where pause() left it, held timers and socket events first. */
  resume(): void {
    const r = this.running;
    if (!r?.freezer.isFrozen) return;
    r.log.info(`speaker host: resumed; ${r.freezer.heldCount} timer(s) and socket event(s) held meanwhile`);
    r.freezer.thaw();
  }

  /** Cease (Administrative Shutdown) to its peers, then closes its sockets; the others run on. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    // A paused instance is thawed first, so its Cease can be sent and its sockets close.
    r.freezer.thaw();
    this.running = undefined;
    r.log.info("speaker host: stopping: sending Cease (Administrative Shutdown) to every peer");
    await r.speaker.shutdown();
    await r.control.close();
    // No socket is created for it any more (netns.ts holds no descriptor between sockets).
    r.netns.close();
    r.log.info("speaker stopped");
    await r.log.close();
  }

  /** SIGHUP's per-instance equivalent: re-read the config; a bad file keeps the running one. */
  async reload(): Promise<void> {
    const r = this.running;
    if (!r) throw new FabricError("instance-stopped", `instance ${this.spec.name} is stopped`);
    if (r.freezer.isFrozen)
      throw new FabricError("instance-paused", `instance ${this.spec.name} is paused: its node is frozen`, {
        suggestion: `start the node first: fabric node start ${this.spec.name}`,
      });
    r.log.info(`reload: re-reading ${this.spec.config}`);
    try {
      await r.speaker.reload(readConfigFile(this.spec.config).speaker);
    } catch (err) {
      r.log.warn(`reload failed, keeping the running configuration: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Its peers view, as its control socket would answer `peers`; none while stopped. */
  peers(): InstancePeers {
    return {
      name: this.spec.name,
      state: this.running ? "running" : "stopped",
      peers: this.running?.speaker.peerRows() ?? [],
    };
  }

  status(): InstanceStatus {
    const rows = this.running?.speaker.peerRows() ?? [];
    // One row per family: count sessions by peer address.
    const peers = new Set(rows.map((r) => r.peerAddress));
    const established = new Set(rows.filter((r) => r.state === "established").map((r) => r.peerAddress));
    return {
      name: this.spec.name,
      state: this.running ? (this.running.freezer.isFrozen ? "paused" : "running") : "stopped",
      netns: this.spec.netns,
      control: this.spec.control,
      peers: peers.size,
      established: established.size,
      ...(this.lastError === undefined ? {} : { error: this.lastError }),
    };
  }
}
