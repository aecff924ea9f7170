// fabric exec NODE CMD…: run a command inside a node. On FRR routers a command starting with a
// vtysh verb (show, clear, configure, write, debug…) goes through vtysh. On a Kubernetes node,
// `show bgp peers` and `show bgp routes available|advertised` ask the node's BGP speaker (as
// `cilium bgp …` would on that node). `NODE/POD` or `pod/POD` runs inside a pod.
import { FabricError } from "../errors.js";
import { formatPeers, formatRoutesAdvertised, formatRoutesAvailable } from "../bgp/status/index.js";
import { collectPeers, collectRoutes } from "../k8s/speaker/bgp-status.js";
import { podHandle } from "../state/cluster-view.js";
import { nodeHandle, selectLab } from "../state/deployed.js";
import type { NodeRecord } from "../runtime/types.js";
import type { LabState } from "../state/state-store.js";
import { assertNotFrozen } from "../state/frozen.js";
import { labInfo } from "../state/lab-info.js";
import { StateStore } from "../state/state-store.js";
import { isVtyshCommand, vtyshArgv } from "../nodes/vtysh.js";
import { printJson } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { execInKindPod, type KindPodRef } from "../k8s/kind/pods.js";
import { splitExecWords } from "./exec-args.js";

export interface ExecFlags extends FormatOptions {
  readonly lab?: string;
  readonly label?: string[];
  /** Seconds, as commander hands it over; "0" means no deadline. */
  readonly timeout?: string;
}

export async function exec(node: string | undefined, words: string[], given: ExecFlags): Promise<void> {
  // Options after the node are fabric's too, up to a `--` (exec-args.ts).
  const { own, command } = splitExecWords(words);
  const flags: ExecFlags = {
    ...given,
    ...(own.lab !== undefined && { lab: own.lab }),
    ...(own.timeout !== undefined && { timeout: own.timeout }),
    ...(own.format !== undefined && { format: own.format }),
    label: [...(given.label ?? []), ...own.label],
  };
  const store = new StateStore();
  const lab = selectLab(store, flags.lab);
  const selectors = (flags.label ?? []).map(parseLabel);
  const named = selectors.length > 0 ? [...(node ? [node] : []), ...command] : command;
  // `fabric exec tor0 -- ip -json route`: the separator only protects the command's options.
  const argv = named[0] === "--" ? named.slice(1) : named;
  if (argv.length === 0) {
    throw new FabricError("exec-no-command", "no command given", {
      suggestion: "e.g. fabric exec tor0 show bgp summary",
    });
  }
  const targets: ExecTarget[] =
    selectors.length > 0
      ? labInfo(lab)
          .nodes.filter((n) => selectors.every(([k, v]) => n.labels[k] === v))
          .map((n) => nodeTarget(lab, n.name))
      : [target(lab, requireNode(node))];
  if (targets.length === 0) {
    throw new FabricError("exec-no-match", `no node of lab ${lab.lab} has label ${flags.label?.join(", ")}`);
  }
  const timeoutMs = parseTimeout(flags.timeout ?? "60");
  // Checked before anything runs: with --label, one frozen node must not leave the rest half done.
  for (const t of targets) if (t.role !== "pod") assertNotFrozen(lab, t.name);
  const runtime = await openRuntime(lab.runtime);
  const results = [];
  for (const t of targets) {
    const speakerAnswer =
      t.role === "cluster" ? await askNodeSpeaker(lab, t.name, argv, flags.format) : undefined;
    if (speakerAnswer) {
      results.push({ node: t.name, ...speakerAnswer });
      continue;
    }
    const inside = t.role === "router" && isVtyshCommand(argv) ? vtyshArgv(argv) : argv;
    const opts = timeoutMs === undefined ? {} : { timeoutMs };
    const r =
      "kindPod" in t
        ? await execInKindPod(t.kindPod, inside, opts)
        : await runtime.exec(t.record, inside, opts);
    results.push({ node: t.name, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
  }
  if (flags.format === "json") {
    printJson(results);
  } else {
    for (const r of results) {
      if (results.length > 1) process.stdout.write(`=== ${r.node} (exit ${r.exitCode}) ===\n`);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
    }
  }
  process.exitCode = results.find((r) => r.exitCode !== 0)?.exitCode ?? 0;
}

type ExecTarget =
  | { readonly name: string; readonly role: string; readonly record: NodeRecord }
  | { readonly name: string; readonly role: "pod"; readonly kindPod: KindPodRef };

function nodeTarget(lab: LabState, name: string): ExecTarget {
  const h = nodeHandle(lab, name);
  return { name: h.node.name, role: h.node.role, record: h.record };
}

/** `kind-worker/netshoot-x7k2q` and `pod/netshoot-x7k2q` are pods; anything else a node. */
function target(lab: LabState, ref: string): ExecTarget {
  const pod = podHandle(lab, ref);
  if (!pod) return nodeTarget(lab, ref);
  const name = `${pod.pod.node}/${pod.pod.name}`;
  return pod.kindCluster !== undefined
    ? {
        name,
        role: "pod",
        kindPod: { cluster: pod.kindCluster, namespace: pod.pod.namespace, name: pod.pod.name },
      }
    : { name, role: "pod", record: pod.record };
}

/**
 * `show bgp peers`, `show bgp routes available|advertised [ipv4|ipv6]` on a Kubernetes node: the
 * answer of its speaker's control socket, in Cilium's columns (or its rows as JSON). undefined
 * for any other command, which then runs in the node as usual.
 */
async function askNodeSpeaker(
  lab: LabState,
  node: string,
  argv: readonly string[],
  format: string,
): Promise<{ exitCode: number; stdout: string; stderr: string } | undefined> {
  const [verb, topic, what, kind, afi] = argv;
  if (verb !== "show" || topic !== "bgp") return undefined;
  if (what === "peers" && argv.length === 3) {
    const c = await collectPeers(lab, node);
    return answer(c.rows, c.problems, format, formatPeers);
  }
  const isKind = kind === "available" || kind === "advertised";
  const isAfi = afi === undefined || afi === "ipv4" || afi === "ipv6";
  if (what === "routes" && isKind && isAfi && argv.length <= 5) {
    const c = await collectRoutes(lab, kind, afi, node);
    return answer(
      c.rows,
      c.problems,
      format,
      kind === "available" ? formatRoutesAvailable : formatRoutesAdvertised,
    );
  }
  return undefined;
}

function answer<T>(
  rows: readonly T[],
  problems: readonly { node: string; message: string }[],
  format: string,
  text: (rows: readonly T[]) => string,
): { exitCode: number; stdout: string; stderr: string } {
  return {
    exitCode: problems.length > 0 ? 1 : 0,
    stdout: format === "json" ? JSON.stringify(rows) : text(rows),
    stderr: problems.map((p) => `${p.node}: ${p.message}\n`).join(""),
  };
}

function requireNode(node: string | undefined): string {
  if (!node) throw new FabricError("exec-no-node", "name the node to run in, or select nodes with --label");
  return node;
}

function parseTimeout(text: string): number | undefined {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new FabricError("bad-timeout", `--timeout takes a number of seconds, not ${text}`, { exitCode: 2 });
  }
  return seconds === 0 ? undefined : seconds * 1000;
}

function parseLabel(text: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new FabricError("bad-label", `--label takes key=value, not ${text}`, { exitCode: 2 });
  return [text.slice(0, eq), text.slice(eq + 1)];
}
