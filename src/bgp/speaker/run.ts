// The sidecar's main loop: read the config, start the speaker and its control socket, re-read
// the config on SIGHUP, and on SIGTERM/SIGINT send Cease/Administrative Shutdown to every
// peer before exiting 0.

import { readConfigFile } from "./config-file.js";
import { ControlServer } from "./control-server.js";
import { namespaceKernel } from "../fib/index.js";
import { namespaceGateways } from "./default-gateway.js";
import { namespaceRouters } from "./router-adverts.js";
import type { Logger } from "./log.js";
import { Speaker } from "./speaker.js";

export interface RunOptions {
  readonly configPath: string;
  readonly controlPath: string;
  readonly log: Logger;
}

/** Resolves when the speaker has shut down cleanly; throws FabricError for a bad config. */
export async function runSpeaker(options: RunOptions): Promise<void> {
  const { log } = options;
  const file = readConfigFile(options.configPath);
  const speaker = new Speaker(file.speaker, {
    log,
    kernel: namespaceKernel(undefined),
    gateways: namespaceGateways(),
    routers: namespaceRouters((line) => log.warn(line)),
  });
  await speaker.start();
  const control = new ControlServer(options.controlPath, speaker);
  await control.listen();
  log.info(`control socket ${options.controlPath}`);

  await new Promise<void>((resolve) => {
    let reloading = Promise.resolve();
    const onHup = (): void => {
      reloading = reloading.then(async () => {
        log.info(`SIGHUP: re-reading ${options.configPath}`);
        try {
          await speaker.reload(readConfigFile(options.configPath).speaker);
        } catch (err) {
          // A bad file on reload keeps the running configuration: the sidecar must not die.
          log.warn(`reload failed, keeping the running configuration: ${(err as Error).message}`);
          const diags = (err as { diagnostics?: readonly { message: string }[] }).diagnostics ?? [];
          for (const d of diags) log.warn(d.message);
        }
      });
    };
    const onStop = (signal: string): void => {
      process.off("SIGHUP", onHup);
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      log.info(`${signal}: sending Cease (Administrative Shutdown) to every peer`);
      void reloading
        .then(() => speaker.shutdown())
        .then(() => control.close())
        // Let the NOTIFICATIONs drain before the process ends.
        .then(() => new Promise((r) => setTimeout(r, 200)))
        .then(() => {
          log.info("speaker stopped");
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
