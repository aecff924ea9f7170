// `kind: frr`: fabric's native FRR router. Its `startup-config` becomes the node's frr.conf, the
// daemons that config needs are switched on in the node's own /etc/frr/daemons, FRR is started
// with the host's frrinit.sh, and the node counts as started only once vtysh answers.
import { readFileSync } from "node:fs";
import { FabricError } from "../errors.js";
import type { ExecOptions, ExecResult } from "../runtime/types.js";
import { poll, realClock } from "../util/poll.js";
import { runExecLines } from "./exec-lines.js";
import { baseNodeSpec, enableForwarding, saveRouterConfig } from "./linux.js";
import { mustExec } from "./must-exec.js";
import type { NodeContext, NodeKindHandler } from "./types.js";
import { isVtyshCommand, vtyshArgv } from "./vtysh.js";

const FRRINIT = "/usr/lib/frr/frrinit.sh";
const VTYSH_READY_TIMEOUT_MS = 30_000;
const VTYSH_POLL_MS = 100;

/** Which daemon each `router …` stanza needs (FRR's daemons file names). */
const DAEMON_FOR_STANZA: readonly (readonly [RegExp, string])[] = [
  [/^router bgp\b/m, "bgpd"],
  [/^router ospf6\b/m, "ospf6d"],
  [/^router ospf\b/m, "ospfd"],
  [/^router isis\b/m, "isisd"],
  [/^router rip\b/m, "ripd"],
  [/^router ripng\b/m, "ripngd"],
  [/^router openfabric\b/m, "fabricd"],
  [/^\s*ip pim\b/m, "pimd"],
  [/^bfd\b/m, "bfdd"],
  [/^mpls ldp\b/m, "ldpd"],
];

/** Daemons a config needs; bgpd always, since BGP is what fabric labs are about. */
export function daemonsFor(config: string): string[] {
  const needed = new Set(["bgpd"]);
  for (const [pattern, daemon] of DAEMON_FOR_STANZA) if (pattern.test(config)) needed.add(daemon);
  return [...needed];
}

export const frrKind: NodeKindHandler = {
  kind: "frr",
  nodeSpec: baseNodeSpec,
  async start(ctx: NodeContext) {
    const { node, record, runtime } = ctx;
    await enableForwarding(ctx);
    const config = node.startupConfig
      ? readFileSync(node.startupConfig, "utf8")
      : "frr defaults datacenter\n";
    ctx.progress("writing frr.conf");
    await must(ctx, ["tee", "/etc/frr/frr.conf"], { input: config });
    await must(ctx, ["touch", "/etc/frr/vtysh.conf"]);
    for (const daemon of daemonsFor(config)) {
      await must(ctx, ["sed", "-i", "-e", `s/^${daemon}=no/${daemon}=yes/`, "/etc/frr/daemons"]);
    }
    ctx.progress("starting FRR");
    await must(ctx, [FRRINIT, "start"]);
    await poll(
      ctx.clock ?? realClock,
      VTYSH_READY_TIMEOUT_MS,
      VTYSH_POLL_MS,
      () => runtime.exec(record, ["vtysh", "-c", "show version"], { timeoutMs: 5_000 }),
      (probe) => probe.exitCode === 0,
      () =>
        new FabricError(
          "frr-not-ready",
          `node ${node.name}: FRR started but vtysh did not answer within ${VTYSH_READY_TIMEOUT_MS / 1000} s`,
          {
            suggestion: `look at /var/log/frr inside the node: fabric exec ${node.name} -- ls /var/log/frr`,
          },
        ),
    );
    await runExecLines(ctx, node.exec);
    await saveRouterConfig(ctx);
  },
  execArgv(_node, argv) {
    return isVtyshCommand(argv) ? vtyshArgv(argv) : argv;
  },
};

function must(ctx: NodeContext, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return mustExec(ctx.runtime, ctx.record, argv, "frr-start-failed", opts);
}
