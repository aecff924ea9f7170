// The speaker: every instance of one SpeakerConfig, the listening sockets (only where an
// instance sets localPort, Cilium's rule), reload and shutdown, and the rows the control
// socket serves.

import net from "node:net";
import type { InstanceConfig, SpeakerConfig } from "../config/speaker-config.js";
import type { TimerHandle, TimerScheduler } from "../fsm/index.js";
import { instanceResetReasons } from "../config/session-diff.js";
import { RealTimerScheduler } from "../fsm/index.js";
import type { KernelAccess } from "../fib/index.js";
import { flushOwnRoutesLines } from "../fib/index.js";
import type { AfiName } from "../model.js";
import { routesAdvertised, routesAvailable } from "../rib/index.js";
import { defaultTtl, plainAddress, sessionTtl } from "../session/index.js";
import type { PeerRow, RouteKind, RouteRow } from "../status/index.js";
import { routeRow, sessionStateName } from "../status/index.js";
import type { GatewaySource } from "./default-gateway.js";
import { DISCOVERY_POLL_MS, discoverPeers, discoveryChanges } from "./discovery.js";
import type { LinkRouters } from "./router-adverts.js";
import { Cease, InstanceRuntime } from "./instance.js";
import type { AddressSource } from "./local-addresses.js";
import type { Logger } from "./log.js";
import type { SpeakerSockets } from "./socket-place.js";
import { namespaceSockets } from "./socket-place.js";
import { unsupportedWarnings } from "./warnings.js";
import type { Md5PeerView } from "./md5-diagnosis.js";
import { Md5Watch } from "./md5-watch.js";

export interface SpeakerOptions {
  readonly log: Logger;
  readonly scheduler?: TimerScheduler;
  readonly addresses?: AddressSource;
  readonly random?: () => number;
  /** Where its sockets are created (default: this process's network namespace). */
  readonly sockets?: SpeakerSockets;
  /** Where imported routes go (the node's namespace); absent: they stay in the RIB. */
  readonly kernel?: KernelAccess;
  /** The namespace's default gateways, for autoDiscovery peers; absent: none are discovered. */
  readonly gateways?: GatewaySource;
  /** Routers heard on the namespace's interfaces, for autoDiscovery Unnumbered peers. */
  readonly routers?: LinkRouters;
  /** Started again after its process died: graceful restart's Restart State bit (RFC 4724 §3). */
  readonly restarted?: boolean;
}

export class Speaker {
  private config: SpeakerConfig;
  private readonly instances = new Map<string, InstanceRuntime>();
  private readonly listeners = new Map<number, net.Server>();
  private readonly scheduler: TimerScheduler;
  private readonly addresses: AddressSource;
  private readonly sockets: SpeakerSockets;
  /** Per instance, what autoDiscovery found last (see discovery.ts). */
  private readonly discovered = new Map<string, ReadonlyMap<string, string | undefined>>();
  private discoveryTimer: TimerHandle | undefined;
  /** Per listening port, the TCP-MD5 keys set on it by peer address. */
  private readonly listenerKeys = new Map<number, Map<string, string>>();
  private readonly md5: Md5Watch;
  private started = false;

  constructor(
    config: SpeakerConfig,
    private readonly options: SpeakerOptions,
  ) {
    this.config = config;
    this.scheduler = options.scheduler ?? new RealTimerScheduler();
    this.sockets = options.sockets ?? namespaceSockets();
    this.addresses = options.addresses ?? this.sockets.addresses;
    this.md5 = new Md5Watch({
      scheduler: this.scheduler,
      counters: () => this.sockets.md5Counters(),
      peers: () => this.md5Peers(),
      log: (line) => this.options.log.warn(line),
    });
  }

  get node(): string {
    return this.config.node;
  }

  async start(): Promise<void> {
    this.warn(this.config);
    await this.removeLeftoverKernelRoutes();
    for (const inst of this.config.instances) this.startInstance(this.discover(inst));
    this.scheduleDiscovery();
    this.started = true;
    await this.syncListeners();
    this.md5.start();
    const peers = this.config.instances.reduce((n, i) => n + i.peers.length, 0);
    this.options.log.info(
      `speaker for node ${this.config.node} started: ${this.config.instances.length} instance(s), ${peers} peer(s)`,
    );
  }

  /** SIGHUP: apply a new config without disturbing what did not change. */
  async reload(next: SpeakerConfig): Promise<void> {
    this.warn(next);
    const wanted = new Map(next.instances.map((i) => [i.name, i]));
    for (const [name, rt] of this.instances) {
      const inst = wanted.get(name);
      const reasons = inst ? instanceResetReasons(rt.config, inst) : [];
      if (inst && reasons.length === 0) continue;
      this.options.log.info(
        `instance ${name}: ${inst ? `every session reset: ${reasons.join(", ")}` : "removed"}`,
      );
      rt.stop(Cease.peerDeconfigured);
      await rt.removeKernelRoutes();
      this.instances.delete(name);
    }
    for (const raw of next.instances) {
      const inst = this.discover(raw);
      const rt = this.instances.get(inst.name);
      if (rt) rt.reload(inst);
      else this.startInstance(inst);
    }
    this.config = next;
    this.scheduleDiscovery();
    await this.syncListeners();
    this.options.log.info(`configuration reloaded`);
  }

  /** SIGTERM: Cease/Administrative Shutdown to everyone, close the listeners. */
  async shutdown(): Promise<void> {
    this.discoveryTimer?.cancel();
    this.discoveryTimer = undefined;
    this.options.routers?.close();
    this.md5.stop();
    for (const rt of this.instances.values()) rt.stop(Cease.administrativeShutdown);
    await Promise.all([...this.instances.values()].map((rt) => rt.removeKernelRoutes()));
    this.instances.clear();
    await Promise.all([...this.listeners.values()].map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.listeners.clear();
  }

  /** Which port this instance listens on, once listening (0 asks the system for one; tests). */
  listeningPort(localPort: number): number | undefined {
    const addr = this.listeners.get(localPort)?.address();
    return addr && typeof addr === "object" ? addr.port : undefined;
  }

  instance(name: string): InstanceRuntime | undefined {
    return this.instances.get(name);
  }

  peerRows(): PeerRow[] {
    // Fresh counters for whoever asks (`fabric bgp peers`, deploy's wait), not up to 5 s old.
    this.md5.sample();
    const now = this.scheduler.now();
    const rows: PeerRow[] = [];
    for (const rt of this.instances.values()) {
      for (const session of rt.sessions.values()) {
        const p = session.peer;
        const n = session.negotiated;
        const since = session.establishedAt;
        const families = p.families.length ? p.families.map((f) => f.afi) : (["ipv4"] as AfiName[]);
        const reason = since === undefined ? (this.md5.reason(p.address) ?? session.problem) : undefined;
        for (const afi of families) {
          rows.push({
            node: this.config.node,
            localAsn: rt.config.localASN,
            peerAsn: n?.peerAsn ?? p.peerASN,
            peerAddress: p.address,
            peerName: p.name,
            state: sessionStateName(session.state),
            ...(since === undefined ? {} : { uptimeMs: now - since }),
            family: `${afi}/unicast`,
            received: rt.rib.received(p.address, afi),
            advertised: count(rt.rib.adjRibOut(p.address)?.routes(), afi, (r) => r.prefix.afi),
            ...(reason === undefined ? {} : { reason }),
          });
        }
      }
    }
    return rows;
  }

  routeRows(kind: RouteKind, afi?: AfiName): RouteRow[] {
    const now = this.scheduler.now();
    const filter = afi === undefined ? {} : { afi };
    const rows: RouteRow[] = [];
    for (const rt of this.instances.values()) {
      const asn = rt.config.localASN;
      if (kind === "available") {
        for (const v of routesAvailable(rt.rib.locRib, now, filter)) rows.push(routeRow(this.node, asn, v));
        continue;
      }
      for (const session of rt.sessions.values()) {
        const out = rt.rib.adjRibOut(session.peer.address);
        if (!out) continue;
        for (const v of routesAdvertised(out, now, filter))
          rows.push(routeRow(this.node, asn, v, session.peer.address));
      }
    }
    return rows;
  }

  /** The instance with its discovered peers addressed, logging what changed since last time. */
  private discover(inst: InstanceConfig): InstanceConfig {
    if (!inst.discoveredPeers?.length) {
      this.discovered.delete(inst.name);
      return inst;
    }
    const routers = this.options.routers;
    const found = discoverPeers(inst, {
      gateways: this.options.gateways,
      routers: routers && ((name) => routers.routerOn(name)),
    });
    const modes = new Map(inst.discoveredPeers.map((d) => [d.peer.name, d.autoDiscovery]));
    for (const line of discoveryChanges(this.discovered.get(inst.name), found.addresses, modes))
      this.options.log.info(`instance ${inst.name}: ${line}`);
    this.discovered.set(inst.name, found.addresses);
    return found.config;
  }

  /** While some instance discovers peers, look at the gateways again every DISCOVERY_POLL_MS. */
  private scheduleDiscovery(): void {
    this.discoveryTimer?.cancel();
    this.discoveryTimer = undefined;
    if (!this.config.instances.some((i) => i.discoveredPeers?.length)) return;
    this.discoveryTimer = this.scheduler.schedule(DISCOVERY_POLL_MS, () => {
      for (const raw of this.config.instances) {
        if (!raw.discoveredPeers?.length) continue;
        const before = this.discovered.get(raw.name);
        const inst = this.discover(raw);
        const after = this.discovered.get(raw.name);
        const same = before && after && [...after].every(([k, v]) => before.get(k) === v);
        if (!same) this.instances.get(raw.name)?.reload(inst);
      }
      this.scheduleDiscovery();
    });
  }

  /**
   * Routes a previous run installed and could not take out (the process was killed): its RIB is
   * gone, so nothing else would ever remove them. Only where some peer imports, so a speaker
   * without import starts no process for this.
   */
  private async removeLeftoverKernelRoutes(): Promise<void> {
    const kernel = this.options.kernel;
    const imports = this.config.instances.some(
      (i) =>
        i.peers.some((p) => p.inbound?.mode === "import") ||
        (i.discoveredPeers ?? []).some((d) => d.peer.inbound?.mode === "import"),
    );
    if (!kernel || !imports) return;
    const failed = await kernel.batch(flushOwnRoutesLines());
    for (const message of failed.values())
      this.options.log.warn(`kernel: removing routes left from an earlier run failed: ${message}`);
  }

  private md5Peers(): Md5PeerView[] {
    return [...this.instances.values()].flatMap((rt) =>
      [...rt.sessions.values()].map((session) => ({
        address: session.peer.address,
        hasPassword: session.peer.password !== undefined,
        established: session.state === "Established",
        connecting: session.state === "Connect" || session.state === "Active",
      })),
    );
  }

  /**
   * The TCP-MD5 key of every peer with a password, on the listener of its instance's localPort;
   * keys of peers gone or changed are removed, so a reload never leaves a stale password behind.
   */
  private syncListenerKeys(): void {
    for (const [port, server] of this.listeners) {
      const wanted = new Map<string, string>();
      for (const inst of this.config.instances) {
        if (inst.localPort !== port) continue;
        for (const p of inst.peers) if (p.password !== undefined) wanted.set(p.address, p.password);
      }
      const set = this.listenerKeys.get(port) ?? new Map<string, string>();
      for (const address of set.keys())
        if (!wanted.has(address)) this.sockets.setListenerKey(server, address, "");
      for (const [address, key] of wanted)
        if (set.get(address) !== key) this.sockets.setListenerKey(server, address, key);
      this.listenerKeys.set(port, wanted);
    }
    for (const port of [...this.listenerKeys.keys()])
      if (!this.listeners.has(port)) this.listenerKeys.delete(port);
  }

  private warn(config: SpeakerConfig): void {
    for (const w of unsupportedWarnings(config, defaultTtl(), this.sockets.setsTtl)) this.options.log.warn(w);
  }

  private startInstance(inst: InstanceConfig): void {
    const rt = new InstanceRuntime(inst, {
      node: this.config.node,
      scheduler: this.scheduler,
      log: this.options.log,
      addresses: this.addresses,
      sockets: this.sockets,
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.kernel ? { kernel: this.options.kernel } : {}),
      // An instance that a reload adds later was not running before the restart.
      restarted: (this.options.restarted ?? false) && !this.started,
    });
    this.instances.set(inst.name, rt);
    rt.start();
  }

  /** Listen on every localPort some instance sets; stop listening on ports no longer set. */
  private async syncListeners(): Promise<void> {
    const ports = new Set(
      this.config.instances.flatMap((i) => (i.localPort === undefined ? [] : [i.localPort])),
    );
    for (const [port, server] of this.listeners) {
      if (ports.has(port)) continue;
      server.close();
      this.listeners.delete(port);
    }
    for (const port of ports) {
      if (this.listeners.has(port)) continue;
      const server = net.createServer((socket) => this.incoming(port, socket));
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.once("listening", () => {
          server.off("error", reject);
          resolve();
        });
        this.sockets.listen(server, port);
      });
      this.listeners.set(port, server);
      this.options.log.info(`listening for BGP connections on port ${this.listeningPort(port) ?? port}`);
    }
    this.syncListenerKeys();
  }

  private incoming(port: number, socket: net.Socket): void {
    // A link-local peer (unnumbered) arrives as `fe80::1%zone`; its session holds the address
    // alone. The zone is not compared: Node names it in this thread's namespace, not the node's.
    const remote = plainAddress(socket.remoteAddress?.replace(/%.*$/, ""));
    for (const rt of this.instances.values()) {
      if (rt.config.localPort !== port) continue;
      const session = rt.sessionFor(remote);
      if (session) {
        const ttl = sessionTtl(rt.config.localASN, session.peer);
        if (ttl !== undefined) this.sockets.setTtl(socket, ttl);
        session.accept(socket);
        return;
      }
    }
    this.options.log.warn(`refused a connection from ${remote}: not a configured peer on port ${port}`);
    socket.destroy();
  }
}

function count<T>(items: Iterable<T> | undefined, afi: AfiName, afiOf: (t: T) => AfiName): number {
  let n = 0;
  for (const t of items ?? []) if (afiOf(t) === afi) n++;
  return n;
}
