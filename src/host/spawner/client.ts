// Starting host commands through the spawner (program.ts says why it exists): one python3
// process per fabric process, started on first use, talking JSON lines over its stdin/stdout.
//
// The spawner must not keep a finished fabric alive, nor let it finish while a command is
// pending: its pipes are unref'd while nothing is asked of it and ref'd while something is. It
// runs in a session of its own, so a Ctrl-C at the terminal reaches fabric (which rolls back,
// through the spawner) and not the commands of that rollback.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { accessSync, constants as fsConstants } from "node:fs";
import { constants as osConstants } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { HOLDER_MARKER, HOST_AT, REAPER, type HolderSetup } from "../unshare.js";
import { SPAWNER_PROGRAM } from "./program.js";

export interface SpawnRequest {
  readonly file: string;
  readonly args: readonly string[];
  /** inherit: the spawner's environment (ours when it started); extend: plus `env`; replace: `env` only. */
  readonly envMode: "inherit" | "extend" | "replace";
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Own session, stderr to `stderrFile`; on timeout it is left running for the caller to end. */
  readonly detached?: boolean;
  /**
   * With `detached`: the reply comes once the process has closed its stdout (having reported on
   * it), while it runs on; `Spawner.start` gives its exit as well.
   */
  readonly untilStdoutCloses?: boolean;
  readonly stderrFile?: string;
}

export type SpawnOutcome =
  | {
      readonly kind: "exited";
      readonly pid: number;
      /** null when a signal ended it. */
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly stdout: string;
      readonly stderr: string;
      readonly timedOut: boolean;
    }
  /** It never ran: `code` is the errno name (ENOENT when the file is not on PATH). */
  | { readonly kind: "not-started"; readonly code: string; readonly message: string };

interface Reply {
  id: number;
  /** The second reply to an `untilStdoutCloses` request: the process has exited. */
  exited?: boolean;
  error?: string;
  message?: string;
  pid?: number;
  code?: number | null;
  signal?: number | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
}

const SIGNAL_NAMES = new Map(
  Object.entries(osConstants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

export function outcomeOf(r: Reply): SpawnOutcome {
  if (r.error !== undefined) return { kind: "not-started", code: r.error, message: r.message ?? r.error };
  return {
    kind: "exited",
    pid: r.pid ?? 0,
    exitCode: r.code ?? null,
    signal: r.signal == null ? null : (SIGNAL_NAMES.get(r.signal) ?? null),
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    timedOut: r.timedOut ?? false,
  };
}

export class SpawnerGone extends Error {}

export interface ProcessExit {
  /** null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class Spawner {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting = new Map<
    number,
    { resolve: (r: SpawnOutcome) => void; reject: (e: Error) => void }
  >();
  /** `start`ed processes whose exit is still to be told. */
  private readonly exitWatchers = new Map<number, (e: ProcessExit) => void>();
  private nextId = 1;
  private buffered = "";
  private gone: Error | undefined;

  constructor(python: string) {
    this.child = spawn(python, ["-c", SPAWNER_PROGRAM], {
      stdio: ["pipe", "pipe", "inherit"],
      detached: true,
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.receive(chunk));
    this.child.on("error", (e) => this.fail(e));
    this.child.on("exit", (code, signal) =>
      this.fail(new SpawnerGone(`the spawner (python3) ended: ${signal ?? `exit ${code}`}`)),
    );
    this.child.stdin.on("error", (e) => this.fail(e));
    this.idle();
  }

  run(req: SpawnRequest): Promise<SpawnOutcome> {
    return this.send(req);
  }

  /**
   * A node's holder, set up by the spawner itself (holder-program.ts): the outcome of its first
   * process, whose stdout is what HOLDER_SCRIPT's would have been (`pid N`, then `ready`), read
   * until the holder closed it or `timeoutMs` passed. `not-started` with ENOSYS where the spawner
   * cannot do it on this architecture.
   */
  startHolder(holder: HolderSetup, stderrFile: string, timeoutMs: number): Promise<SpawnOutcome> {
    return this.send({
      op: "holder",
      holder,
      stderrFile,
      timeoutMs,
      hostAt: HOST_AT,
      reaper: REAPER,
      marker: HOLDER_MARKER,
    });
  }

  /**
   * A long-running process, detached, that reports on its stdout and then closes it: the outcome
   * once it has, and its exit when it comes (never, if this spawner ends first: the process then
   * lives on, adopted by init, and nobody here is left to see it end).
   */
  async start(
    req: Omit<SpawnRequest, "detached" | "untilStdoutCloses" | "timeoutMs" | "input">,
  ): Promise<{ outcome: SpawnOutcome; exited: Promise<ProcessExit> }> {
    // The id send() will use: watched before the request goes out, since both replies can
    // arrive in one chunk, before the caller resumes from the first.
    const id = this.nextId;
    const exited = new Promise<ProcessExit>((resolve) => this.exitWatchers.set(id, resolve));
    const outcome = await this.send({ ...req, detached: true, untilStdoutCloses: true }).catch(
      (e: unknown) => {
        this.exitWatchers.delete(id);
        throw e;
      },
    );
    if (outcome.kind !== "exited") this.exitWatchers.delete(id);
    return { outcome, exited };
  }

  private send(req: object): Promise<SpawnOutcome> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    const p = new Promise<SpawnOutcome>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.busy();
    this.child.stdin.write(`${JSON.stringify({ id, ...req })}\n`);
    return p;
  }

  get alive(): boolean {
    return this.gone === undefined;
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let nl;
    while ((nl = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const reply = JSON.parse(line) as Reply;
      if (reply.exited) {
        this.exitWatchers.get(reply.id)?.({
          exitCode: reply.code ?? null,
          signal: reply.signal == null ? null : (SIGNAL_NAMES.get(reply.signal) ?? null),
        });
        this.exitWatchers.delete(reply.id);
        continue;
      }
      const w = this.waiting.get(reply.id);
      if (!w) continue;
      this.waiting.delete(reply.id);
      w.resolve(outcomeOf(reply));
    }
    if (this.waiting.size === 0) this.idle();
  }

  private fail(e: Error): void {
    this.gone ??= e;
    for (const w of this.waiting.values()) w.reject(this.gone);
    this.waiting.clear();
    this.idle();
  }

  /** Nothing pending: the spawner must not keep this process alive. */
  private idle(): void {
    this.child.unref();
    unrefStream(this.child.stdin);
    unrefStream(this.child.stdout);
  }

  private busy(): void {
    this.child.ref();
    refStream(this.child.stdout);
  }
}

// A child's pipes are net.Sockets, which have ref/unref; the stream types do not say so.
function unrefStream(s: Readable | Writable): void {
  (s as unknown as { unref?: () => void }).unref?.();
}
function refStream(s: Readable | Writable): void {
  (s as unknown as { ref?: () => void }).ref?.();
}

/**
 * The system's python3 (Debian's, which setup installs) before any on PATH: a version manager's
 * shim on PATH is a shell script that costs a start of its own and may pick another python.
 */
export function findPython(envPath = process.env["PATH"] ?? ""): string | undefined {
  for (const dir of ["/usr/bin", ...envPath.split(":")]) {
    if (!dir) continue;
    const candidate = path.join(dir, "python3");
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

let shared: Spawner | undefined;
let unavailable = false;

/**
 * The process's spawner, or undefined where commands start in-process: no python3, or
 * FABRIC_SPAWNER=inline (for measuring one against the other), or a spawner that ended.
 */
export function sharedSpawner(): Spawner | undefined {
  if (unavailable) return undefined;
  if (shared?.alive) return shared;
  if (shared && !shared.alive) {
    unavailable = true;
    return undefined;
  }
  const python = process.env["FABRIC_SPAWNER"] === "inline" ? undefined : findPython();
  if (python === undefined) {
    unavailable = true;
    return undefined;
  }
  shared = new Spawner(python);
  return shared;
}
