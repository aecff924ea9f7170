// The speaker host's main loop: listen on DIR/host.sock, run what clients add, measure the event
// loop, re-read every instance's config on SIGHUP, and on SIGTERM/SIGINT send Cease to every
// peer of every instance before exiting.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import type { Logger } from "../log.js";
import { startBusyMonitor } from "./busy-monitor.js";
import { SpeakerHost } from "./host.js";
import type { LoopDelay } from "./protocol.js";
import { HostServer } from "./server.js";

export interface HostRunOptions {
  readonly dir: string;
  readonly log: Logger;
}

export function hostSocketPath(dir: string): string {
  return path.join(dir, "host.sock");
}

export async function runSpeakerHost(options: HostRunOptions): Promise<void> {
  const { log } = options;
  // 10 ms resolution: stalls are what matter (the goal is no callback over 50 ms), not jitter.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const busy = startBusyMonitor();
  // Garbage collection runs on the main thread too, so it counts in busyMax: kept apart so a
  // long run of our own work can be told from a long collection.
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
  });
  gc.observe({ entryTypes: ["gc"] });
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  const loopDelay = (): LoopDelay => {
    const busyMax = busy.maxMs();
    return {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      samples: histogram.count,
      ...(busyMax !== undefined && { busyMax }),
      gcMax: Math.round(gcMaxMs * 100) / 100,
    };
  };
  const host = new SpeakerHost(loopDelay);
  mkdirSync(options.dir, { recursive: true });
  const socketPath = hostSocketPath(options.dir);
  const server = new HostServer(socketPath, host);
  await server.listen();
  log.info(`speaker host ${process.pid}: control socket ${socketPath}`);

  await new Promise<void>((resolve) => {
    const onHup = (): void => {
      log.info("SIGHUP: every instance re-reads its config");
      void host.reloadAll();
    };
    const onStop = (signal: string): void => {
      process.off("SIGHUP", onHup);
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      log.info(`${signal}: sending Cease (Administrative Shutdown) to every peer of every instance`);
      void host
        .shutdown()
        .then(() => server.close())
        // Let the NOTIFICATIONs drain before the process ends.
        .then(() => new Promise((r) => setTimeout(r, 200)))
        .then(() => {
          const d = loopDelay();
          const busyMax = d.busyMax === undefined ? "" : `; longest run of its own work ${d.busyMax} ms`;
          log.info(`speaker host stopped; event loop delay p99 ${d.p99} ms, max ${d.max} ms${busyMax}`);
          histogram.disable();
          busy.stop();
          gc.disconnect();
          resolve();
        });
    };
    const onTerm = (): void => onStop("SIGTERM");
    const onInt = (): void => onStop("SIGINT");
    process.on("SIGHUP", onHup);
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
}
