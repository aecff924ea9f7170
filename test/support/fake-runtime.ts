// An in-memory Runtime for unit tests of the orchestrator: it records every call, keeps node
// state so misuse (exec on a removed node, creating a node twice) fails as the real one would,
// and answers exec from a responder the test supplies.
import { FabricError } from "../../src/errors.js";
import { EXEC_DRIVER } from "../../src/nodes/exec-lines.js";
import type {
  CreateOptions,
  ExecOptions,
  ExecResult,
  NodeRecord,
  NodeSpec,
  Runtime,
  SpawnOptions,
  SpawnedProcess,
} from "../../src/runtime/types.js";

export type FakeCall =
  | { readonly op: "create"; readonly node: string }
  | {
      readonly op: "exec";
      readonly node: string;
      readonly argv: readonly string[];
      readonly opts: ExecOptions;
    }
  | { readonly op: "spawn"; readonly node: string; readonly argv: readonly string[] }
  | { readonly op: "remove"; readonly node: string };

export type ExecResponder = (
  node: NodeRecord,
  argv: readonly string[],
  opts: ExecOptions,
) => ExecResult | Promise<ExecResult>;

export class FakeRuntime implements Runtime {
  readonly name = "fake";
  readonly calls: FakeCall[] = [];
  /** Running nodes by `lab/name`. */
  readonly running = new Map<string, NodeRecord>();
  private nextPid = 1000;

  constructor(private readonly respond: ExecResponder = () => ({ exitCode: 0, stdout: "", stderr: "" })) {}

  plan(spec: NodeSpec): NodeRecord {
    return {
      runtime: this.name,
      lab: spec.lab,
      name: spec.name,
      hostname: spec.hostname ?? spec.name,
      netnsName: `${spec.lab}-${spec.name}`,
      stateDir: `/fake/${spec.lab}/${spec.name}`,
      env: { ...spec.env },
      mounts: [...spec.binds],
      ...(spec.sharesNetworkWith && {
        sharesNetworkWith: { name: spec.sharesNetworkWith.name, netnsName: spec.sharesNetworkWith.netnsName },
      }),
    };
  }

  async create(spec: NodeSpec, opts: CreateOptions = {}): Promise<NodeRecord> {
    const key = `${spec.lab}/${spec.name}`;
    if (this.running.has(key)) throw new FabricError("node-exists", `node ${key} already exists`);
    // A node of no runtime of fabric's (a kind node container) is not this fake's to check.
    if (spec.sharesNetworkWith?.runtime === this.name) this.require(spec.sharesNetworkWith);
    this.calls.push({ op: "create", node: spec.name });
    const record: NodeRecord = { ...this.plan(spec), holder: { pid: this.nextPid++, startTime: 1 } };
    await opts.onProgress?.(record);
    this.running.set(key, record);
    return record;
  }

  /**
   * Commands fabric hands a node in one process (a node's exec lines in the driver shell, a
   * pod's network commands chained with &&) are taken apart again: each is recorded and answered
   * on its own, as if the node ran them in turn, and the first failure ends the batch.
   */
  async exec(node: NodeRecord, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    this.require(node);
    const driven = drivenLines(argv);
    const parts = driven ?? chainedCommands(argv) ?? [argv];
    let stdout = "";
    let stderr = "";
    for (const [i, part] of parts.entries()) {
      this.calls.push({ op: "exec", node: node.name, argv: [...part], opts });
      const r = await this.respond(node, part, opts);
      // The driver's markers, so the deploy can tell which line failed and what it printed.
      const mark = driven ? `\u001e${i + 1}\u001e\n` : "";
      stdout += mark + r.stdout;
      stderr += mark + r.stderr;
      if (r.exitCode !== 0 || parts.length === 1) return { ...r, stdout, stderr };
    }
    return { exitCode: 0, stdout, stderr };
  }

  async spawn(node: NodeRecord, argv: readonly string[], opts: SpawnOptions = {}): Promise<SpawnedProcess> {
    this.require(node);
    this.calls.push({ op: "spawn", node: node.name, argv: [...argv] });
    let finish: (r: { exitCode: number | null; signal: string | null }) => void = () => undefined;
    const exited = new Promise<{ exitCode: number | null; signal: string | null }>(
      (resolve) => (finish = resolve),
    );
    return {
      ref: { pid: this.nextPid++, startTime: 1 },
      logFile: opts.logFile ?? `${node.stateDir}/logs/${argv[0] ?? "cmd"}.log`,
      exited,
      stop: async (signal = "SIGTERM") => finish({ exitCode: null, signal }),
    };
  }

  netnsPath(node: NodeRecord): string {
    return `/run/netns/${node.netnsName}`;
  }

  async remove(node: NodeRecord): Promise<void> {
    this.calls.push({ op: "remove", node: node.name });
    this.running.delete(`${node.lab}/${node.name}`);
  }

  private require(node: NodeRecord): void {
    if (!this.running.has(`${node.lab}/${node.name}`)) {
      throw new FabricError("node-not-running", `node ${node.name} of lab ${node.lab} is not running`);
    }
  }
}

/** The lines of an exec-line driver (nodes/exec-lines.ts), each as the `sh -c LINE` it runs. */
function drivenLines(argv: readonly string[]): string[][] | undefined {
  if (argv[0] !== "sh" || argv[2] !== EXEC_DRIVER) return undefined;
  return argv.slice(4).map((line) => ["sh", "-c", line]);
}

/** The argvs of a chainedArgv line (k8s/emulated/netconf.ts): single-quoted words and `&&`. */
function chainedCommands(argv: readonly string[]): string[][] | undefined {
  if (argv.length !== 3 || argv[0] !== "sh" || argv[1] !== "-c" || !argv[2]?.startsWith("'"))
    return undefined;
  const commands: string[][] = [[]];
  const text = argv[2];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") i++;
    else if (text.startsWith("&&", i)) {
      commands.push([]);
      i += 2;
    } else {
      let word = "";
      while (i < text.length && text[i] !== " ") {
        if (text[i] === "'") {
          const end = text.indexOf("'", i + 1);
          word += text.slice(i + 1, end);
          i = end + 1;
        } else if (text[i] === "\\") {
          word += text[i + 1];
          i += 2;
        } else word += text[i++];
      }
      commands.at(-1)!.push(word);
    }
  }
  return commands;
}
