// fabric speaker …: names, options and help of the BGP speaker sidecar (run), its views (show
// peers, show routes) and the config file a lab resolves for a node (config). The actions load
// when a command runs, so `speaker run` starts with bgp/ only.
import { Command, Option } from "commander";
import { formatOption } from "../options.js";
import type { ConfigFlags } from "../speaker-config.js";
import type { ControlFlags, RoutesFlags, RunFlags } from "../speaker.js";

const controlOption = (): Option =>
  new Option("--control <socket>", "the speaker's control socket").makeOptionMandatory();

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
    .action(async (flags: RunFlags) => (await import("../speaker.js")).run(flags));
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
instance's config. Needs root (setns into the namespaces). Deploy starts one per lab through
bin/fabric-speaker-host.js, which loads the speaker and not the CLI.

Examples:
  fabric speaker host --dir /run/fabric/lab1 &
  echo '{"op":"add","instance":{"name":"worker","config":"/tmp/worker.json","netns":"/run/netns/worker","control":"/tmp/worker.sock","log":"/tmp/worker.log"}}' \\
    | socat - UNIX-CONNECT:/run/fabric/lab1/host.sock
  fabric speaker host-status --dir /run/fabric/lab1`,
    )
    .action(async (flags: { dir: string }) => (await import("../speaker.js")).host(flags));
  speaker
    .command("host-status")
    .description("a speaker host's instances, memory and event-loop delay, as JSON")
    .requiredOption("--dir <dir>", "the host's --dir")
    .action(async (flags: { dir: string }) => (await import("../speaker.js")).hostStatus(flags));
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
    .action(async (flags: ControlFlags) => (await import("../speaker.js")).showPeers(flags));
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
    .action(async (kind: "available" | "advertised", flags: RoutesFlags) =>
      (await import("../speaker.js")).showRoutes(kind, flags),
    );
}

function registerConfig(speaker: Command): void {
  speaker
    .command("config")
    .description("print the speaker config file a lab resolves for one Kubernetes node")
    .option(
      "--lab <lab>",
      "a lab directory or lab file, or a deployed lab's name (default: the lab in this directory, else the only deployed one)",
    )
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
    .action(async (flags: ConfigFlags) => (await import("../speaker-config.js")).config(flags));
}

export function declareSpeaker(program: Command): void {
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
