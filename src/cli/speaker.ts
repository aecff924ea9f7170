// fabric speaker run|show: the BGP speaker sidecar and its views (show peers, show routes). This
// module and what it imports are all a `fabric speaker run` sidecar loads: bgp/ and no lab model.
import { ExitCode, FabricError } from "../errors.js";
import type { AfiName } from "../bgp/model.js";
import { askSpeaker, runSpeaker, stderrLogger } from "../bgp/speaker/index.js";
import type { ControlRequest, ControlResponse, PeerRow, RouteRow } from "../bgp/status/index.js";
import { formatPeers, formatRoutesAdvertised, formatRoutesAvailable } from "../bgp/status/index.js";
import type { FormatOptions } from "./options.js";
import { printJson } from "./output.js";

export interface RunFlags {
  readonly config: string;
  readonly control: string;
}

export interface ControlFlags extends FormatOptions {
  readonly control: string;
}

export interface RoutesFlags extends ControlFlags {
  readonly afi?: AfiName;
}

async function ask(path: string, request: ControlRequest): Promise<ControlResponse & { ok: true }> {
  const response = await askSpeaker(path, request);
  if (!response.ok)
    throw new FabricError("speaker-request-failed", `the speaker refused the request: ${response.error}`);
  return response;
}

export async function run(flags: RunFlags): Promise<void> {
  await runSpeaker({
    configPath: flags.config,
    controlPath: flags.control,
    log: stderrLogger(),
  });
  process.exitCode = ExitCode.ok;
}

export async function showPeers(flags: ControlFlags): Promise<void> {
  const r = await ask(flags.control, { command: "peers" });
  const rows: readonly PeerRow[] = "peers" in r ? r.peers : [];
  if (flags.format === "json") printJson(rows);
  else process.stdout.write(formatPeers(rows));
}

export async function showRoutes(kind: "available" | "advertised", flags: RoutesFlags): Promise<void> {
  const r = await ask(flags.control, {
    command: "routes",
    kind,
    ...(flags.afi ? { afi: flags.afi } : {}),
  });
  const rows: readonly RouteRow[] = "routes" in r ? r.routes : [];
  if (flags.format === "json") printJson(rows);
  else
    process.stdout.write(kind === "available" ? formatRoutesAvailable(rows) : formatRoutesAdvertised(rows));
}

export async function host(flags: { dir: string }): Promise<void> {
  // Loaded here, so `speaker run` and `speaker show` do not pull the host in.
  const { runSpeakerHost } = await import("../bgp/speaker/host/run.js");
  await runSpeakerHost({ dir: flags.dir, log: stderrLogger() });
  process.exitCode = ExitCode.ok;
}

export async function hostStatus(flags: { dir: string }): Promise<void> {
  const { requireHost } = await import("../bgp/speaker/host/client.js");
  const { hostSocketPath } = await import("../bgp/speaker/host/run.js");
  printJson((await requireHost(hostSocketPath(flags.dir), { op: "status" })).status);
}
