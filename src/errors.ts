// One error type for the whole program (DESIGN.md §4.9): a stable code scripts can match on,
// a message for people, and a suggestion when we know what the user should do next.
// The CLI is the only place that turns these into output and exit codes.

/** Where in a user's file something was written; line and col are 1-based. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export const Severity = { error: "error", warning: "warning" } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One finding about the user's input. Validation collects all of them, never just the first. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable, kebab-case identifier, e.g. `link-unknown-node`. */
  readonly code: string;
  readonly message: string;
  readonly location?: Location;
  readonly suggestion?: string;
}

export function formatLocation(loc: Location | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : "";
}

/** `file:line:col: message` with the suggestion on its own line, as compilers print it. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : "";
  const level = d.severity === "warning" ? "warning: " : "";
  const hint = d.suggestion ? `\n  hint: ${d.suggestion}` : "";
  return `${where}${level}${d.message}${hint}`;
}

export interface FabricErrorOptions {
  readonly suggestion?: string;
  readonly cause?: unknown;
  /** Every problem found, when the error stands for a failed validation. */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * Exit codes the CLI uses. `usage` (2) covers invalid input as well as bad flags, so a CI job
 * can tell "my lab is wrong" (2) from "my fabric is broken" (1).
 */
/** 130 = 128 + SIGINT, what a shell reports for a command interrupted with Ctrl-C. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every code a FabricError can carry: stable, kebab-case, for scripts and tests to match on.
 * A new failure gets a new name here (the compiler refuses a code that is not listed), grouped
 * by where it is raised. Validation findings (Diagnostic.code) are a separate vocabulary.
 */
export const ERROR_CODES = [
  // The user's input, whatever file it came from.
  "invalid-input",
  // Host tools and their output.
  "host-prerequisites",
  "host-command-failed",
  "host-command-missing",
  "host-command-timeout",
  "host-bad-output",
  // The BGP speaker: its config file, its control socket, the routes it originates.
  "speaker-config-invalid",
  "speaker-config-unreadable",
  "speaker-unreachable",
  "speaker-timeout",
  "speaker-bad-response",
  "bad-prefix",
  "bad-community",
  // Addresses and prefixes (net/), and the management network's.
  "invalid-prefix",
  "subnet-full",
  "mgmt-subnet-exhausted",
  "mgmt-subnet-in-use",
  // Runtimes: namespaces and containers.
  "invalid-name",
  "invalid-command",
  "invalid-privileges",
  "docker-privileged-refused",
  "docker-unreachable",
  "image-missing",
  "image-unavailable",
  "bind-source-missing",
  "network-mode-unsupported",
  "node-exists",
  "node-spawn-failed",
  "node-start-failed",
  "node-remove-failed",
  "node-not-running",
  "node-exec-timeout",
  "container-exists",
  "container-exited",
  "container-failed",
  "mgmt-route-failed",
  // The lab's state record.
  "state-corrupt",
  "state-duplicate",
  "state-version",
  "lab-not-found",
  "lab-ambiguous",
  "lab-exists",
  "lab-unhealthy",
  "node-not-found",
  "pod-not-found",
  "no-cluster",
  // Nodes: FRR routers and Linux hosts.
  "exec-failed",
  "vtysh-failed",
  "frr-bad-output",
  "frr-not-ready",
  "frr-start-failed",
  "sysctl-failed",
  // Kubernetes: the emulated cluster, kind, the speaker sidecars.
  "k8s-net-failed",
  "services-failed",
  "pod-no-command",
  "podcidr-full",
  "pod-name-clash",
  "kind-needs-docker",
  "kind-tools-missing",
  "kind-create-failed",
  "kind-command-failed",
  "kind-output-invalid",
  "kind-nodes-not-ready",
  "kind-podcidr-missing",
  "kind-cluster-mismatch",
  "kind-pods-not-ready",
  "kind-node-dir",
  "kind-node-gone",
  "kind-image-missing",
  "kind-image-pull-always",
  "socket-path-too-long",
  "speaker-config",
  "speaker-failed",
  "no-speaker",
  "speaker-no-node",
  "speaker-request-failed",
  // Deploy, convergence, destroy.
  "not-deployable",
  "host-task-limit",
  "runtime-unknown",
  "runtime-mismatch",
  "bad-wait",
  "not-converged",
  "deploy-failed",
  "destroy-incomplete",
  // Checks and faults.
  "no-checks",
  "no-address",
  "target-not-found",
  "fault-invalid",
  "fault-unsupported",
  "fault-failed",
  // A node frozen with `fabric node stop`, or one that did not answer in time.
  "node-frozen",
  "node-exec-timeout",
  // SIGINT/SIGTERM of a run that undid what it started.
  "interrupted",
  // fabric exec.
  "exec-no-command",
  "exec-no-match",
  "exec-no-node",
  "bad-label",
  "bad-timeout",
  // The speaker host: one process running every node's speaker instance.
  "speaker-host-failed",
  "speaker-host-unreachable",
  "speaker-host-timeout",
  "speaker-host-bad-response",
  "no-speaker-host",
  "instance-exists",
  "no-instance",
  "instance-start-failed",
  "instance-stopped",
  "instance-paused",
  "netns-open-failed",
  "netns-closed",
  "netns-enter-failed",
  "netns-changed",
  "node-required",
  "bad-request",
  "line-too-long",
  // fabric generate.
  "generate-bad-parameters",
  "generate-not-a-directory",
  "generate-dir-not-empty",
  // fabric graph --serve, save, completion.
  "graph-listen-failed",
  "save-failed",
  "completion-shell",
] as const;
export type FabricErrorCode = (typeof ERROR_CODES)[number];

export class FabricError extends Error {
  override readonly name = "FabricError";
  readonly code: FabricErrorCode;
  readonly suggestion: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: ExitCode;

  constructor(
    code: FabricErrorCode,
    message: string,
    options: FabricErrorOptions & { exitCode?: ExitCode } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** The user's files are wrong: carries every error found, exit code 2. */
export class ValidationError extends FabricError {
  constructor(diagnostics: readonly Diagnostic[], message?: string) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super("invalid-input", message ?? `${errors} error${errors === 1 ? "" : "s"} in the lab's files`, {
      diagnostics,
      exitCode: ExitCode.usage,
    });
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * A broken invariant: a state the code believes impossible (validated input that is not, a
 * record without the resource deploy wrote). It is a bug in fabric, never the user's doing, so
 * it has no code to match on; the CLI prints it with its stack, to be reported.
 */
export class InternalError extends Error {
  override readonly name = "InternalError";

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** err's causes, nearest first: each `cause` in turn, and the errors an AggregateError holds. */
export function causesOf(err: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>([err]);
  const visit = (e: unknown): void => {
    const next = [
      ...(e instanceof AggregateError ? (e.errors as unknown[]) : []),
      ...(e instanceof Error && e.cause !== undefined ? [e.cause] : []),
    ];
    for (const c of next) {
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      visit(c);
    }
  };
  visit(err);
  return out;
}

/** For `switch` statements over discriminated unions: a compile error when a case is missed. */
export function assertNever(value: never, what = "value"): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
