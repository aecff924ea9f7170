// fabric speaker …: the BGP speaker sidecar (run), its views (show peers, show routes) and the
// config file a lab resolves for a node (config).
import { Command, Option } from "commander";
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import type { AfiName } from "../bgp/model.js";
import { askSpeaker, runSpeaker, stderrLogger, toConfigFile } from "../bgp/speaker/index.js";
import type { ControlRequest, ControlResponse, PeerRow, RouteRow } from "../bgp/status/index.js";
import { formatPeers, formatRoutesAdvertised, formatRoutesAvailable } from "../bgp/status/index.js";
import { loadLab } from "../topology/lab/load-lab.js";
import { formatOption, type FormatOptions } from "./options.js";
import { colourDiagnostic, printJson } from "./output.js";

interface ControlFlags extends FormatOptions {
  readonly control: string;
}

const controlOption = (): Option =>
  new Option("--control <socket>", "the speaker's control socket").makeOptionMandatory();

async function ask(path: string, request: ControlRequest): Promise<ControlResponse & { ok: true }> {
  const response = await askSpeaker(path, request);
  if (!response.ok)
    throw new FabricError("speaker-request-failed", `the speaker refused the request: ${response.error}`);
  return response;
}

function registerRun(speaker: Command): void {
  speaker
    .command("run")
    .description("run the BGP speaker in the foreground (the sidecar entry point)")
    .requiredOption("--config <file>", "speaker config file (JSON, see `fabric speaker config`)")
    .addOption(controlOption())
    .addHelpText(
      "after",
      `
Runs in the current network namespace until SIGTERM or SIGINT, which send Cease
(Administrative Shutdown) to every established peer and exit 0. SIGHUP re-reads the config:
unchanged peers keep their sessions, changed advertisements are announced or withdrawn,
removed peers get Cease (Peer De-configured). Logs go to stderr, one line per event.
Exit codes: 0 after a clean shutdown, 2 for a bad config file (file and field named).

Examples:
  fabric speaker config --lab labs/cilium-bgp --node kind-worker > /tmp/worker.json
  ip netns exec worker fabric speaker run --config /tmp/worker.json --control /tmp/worker.sock
  kill -HUP $(pidof -s node)     # after editing /tmp/worker.json`,
    )
    .action(async (flags: { config: string; control: string }) => {
      await runSpeaker({ configPath: flags.config, controlPath: flags.control, log: stderrLogger() });
      process.exitCode = ExitCode.ok;
    });
}

function registerHost(speaker: Command): void {
  speaker
    .command("host")
    .description("run many speakers in one process, each in its own network namespace (a lab's speaker host)")
    .requiredOption("--dir <dir>", "where the host's control socket (host.sock) is created")
    .addHelpText(
      "after",
      `
Runs until SIGTERM or SIGINT, which send Cease (Administrative Shutdown) to every peer of every
instance. Instances are added, stopped, started, reloaded and removed through DIR/host.sock, one
JSON object per line; each instance has its own config file (the \`speaker run\` format), network
namespace (/run/netns/NAME or /proc/PID/ns/net), control socket and log. SIGHUP re-reads every
instance's config. Needs root (setns into the namespaces).

Examples:
  fabric speaker host --dir /run/fabric/lab1 &
  echo '{"op":"add","instance":{"name":"worker","config":"/tmp/worker.json","netns":"/run/netns/worker","control":"/tmp/worker.sock","log":"/tmp/worker.log"}}' \\
    | socat - UNIX-CONNECT:/run/fabric/lab1/host.sock
  fabric speaker host-status --dir /run/fabric/lab1`,
    )
    .action(async (flags: { dir: string }) => {
      // Loaded here, so the command tree does not pull the host in for every other command.
      const { runSpeakerHost } = await import("../bgp/speaker/host/run.js");
      await runSpeakerHost({ dir: flags.dir, log: stderrLogger() });
      process.exitCode = ExitCode.ok;
    });
  speaker
    .command("host-status")
    .description("a speaker host's instances, memory and event-loop delay, as JSON")
    .requiredOption("--dir <dir>", "the host's --dir")
    .action(async (flags: { dir: string }) => {
      const { requireHost } = await import("../bgp/speaker/host/client.js");
      const { hostSocketPath } = await import("../bgp/speaker/host/run.js");
      printJson((await requireHost(hostSocketPath(flags.dir), { op: "status" })).status);
    });
}

function registerShow(speaker: Command): void {
  const show = speaker.command("show").description("ask a running speaker for its peers or routes");
  show
    .command("peers")
    .description("sessions, one row per address family, in the columns of `cilium bgp peers`")
    .addOption(controlOption())
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Examples:
  fabric speaker show peers --control /tmp/worker.sock
  fabric speaker show peers --control /tmp/worker.sock --format json | jq '.[] | select(.state != "established")'`,
    )
    .action(async (flags: ControlFlags) => {
      const r = await ask(flags.control, { command: "peers" });
      const rows: readonly PeerRow[] = "peers" in r ? r.peers : [];
      if (flags.format === "json") printJson(rows);
      else process.stdout.write(formatPeers(rows));
    });
  show
    .command("routes")
    .description("routes available (Loc-RIB) or advertised (per peer), like `cilium bgp routes`")
    .addArgument(
      new Command().createArgument("<kind>", "available or advertised").choices(["available", "advertised"]),
    )
    .addOption(new Option("--afi <afi>", "only this address family").choices(["ipv4", "ipv6"]))
    .addOption(controlOption())
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Examples:
  fabric speaker show routes available --control /tmp/worker.sock
  fabric speaker show routes advertised --afi ipv4 --control /tmp/worker.sock
  fabric speaker show routes available --afi ipv6 --control /tmp/worker.sock --format json`,
    )
    .action(async (kind: "available" | "advertised", flags: ControlFlags & { afi?: AfiName }) => {
      const r = await ask(flags.control, {
        command: "routes",
        kind,
        ...(flags.afi ? { afi: flags.afi } : {}),
      });
      const rows: readonly RouteRow[] = "routes" in r ? r.routes : [];
      if (flags.format === "json") printJson(rows);
      else
        process.stdout.write(
          kind === "available" ? formatRoutesAvailable(rows) : formatRoutesAdvertised(rows),
        );
    });
}

function registerConfig(speaker: Command): void {
  speaker
    .command("config")
    .description("print the speaker config file a lab resolves for one Kubernetes node")
    .requiredOption("--lab <path>", "the lab (directory or lab file)")
    .requiredOption("--node <node>", "the Kubernetes node")
    .addHelpText(
      "after",
      `
The output is the file \`fabric speaker run --config\` reads: {"version": 1, "speaker": …},
resolved from the lab's Cilium CRDs for that node (nodeSelector, NodeConfigOverride).

Examples:
  fabric speaker config --lab labs/cilium-bgp --node kind-worker
  fabric speaker config --lab labs/cilium-bgp --node kind-worker > /tmp/worker.json`,
    )
    .action((flags: { lab: string; node: string }) => {
      const result = loadLab(flags.lab);
      if (!result.lab) throw new ValidationError(result.diagnostics);
      for (const d of result.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
      const config = result.lab.speakers.get(flags.node);
      if (!config) {
        const known = [...result.lab.speakers.keys()];
        throw new FabricError("speaker-no-node", `lab ${flags.lab} runs no speaker on node ${flags.node}`, {
          exitCode: ExitCode.usage,
          suggestion: known.length
            ? `nodes with a speaker: ${known.join(", ")}`
            : "no node of this lab is selected by a CiliumBGPClusterConfig",
        });
      }
      printJson(toConfigFile(config));
    });
}

export function registerSpeaker(program: Command): void {
  const speaker = program
    .command("speaker")
    .description("the TypeScript BGP speaker that runs beside every Kubernetes node")
    .addHelpText(
      "after",
      `
Examples:
  fabric speaker config --lab labs/cilium-bgp --node kind-worker > /tmp/worker.json
  fabric speaker run --config /tmp/worker.json --control /tmp/worker.sock
  fabric speaker show peers --control /tmp/worker.sock
  fabric speaker show routes advertised --control /tmp/worker.sock`,
    );
  registerRun(speaker);
  registerHost(speaker);
  registerShow(speaker);
  registerConfig(speaker);
}
