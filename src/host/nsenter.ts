// Entering a node: `nsenter --target PID` with the namespaces the node owns. The pid namespace
// matters: nsenter forks once inside it, so whatever the command starts (a daemon that
// double-forks, say) lives in the node's pid namespace and dies when the node is removed.
import { InternalError } from "../errors.js";
import type { NetnsPath } from "./ip.js";

export const Namespace = { net: "net", mount: "mount", uts: "uts", pid: "pid", ipc: "ipc" } as const;
export type Namespace = (typeof Namespace)[keyof typeof Namespace];

export interface NsenterTarget {
  readonly pid: number;
  readonly namespaces: readonly Namespace[];
}

/**
 * The caller's cwd never leaks in. nsenter opens a `--wd=PATH` in the *caller's* mount namespace,
 * before it enters the target's: with the node's mount namespace that would be the host's `/`,
 * outside the root the node pivoted into, and every getcwd() in the command fails (python's
 * http.server dies of it). A bare `--wd` takes the target's own working directory instead, which
 * a node's pid 1 set to its `/`. Without the mount namespace the host's `/` is the right one.
 */
function wdFlag(namespaces: readonly Namespace[]): string {
  return namespaces.includes(Namespace.mount) ? "--wd" : "--wd=/";
}

export function nsenterArgv(target: NsenterTarget, argv: readonly string[]): string[] {
  if (argv.length === 0) throw new InternalError("nsenter needs a command to run");
  const flags = target.namespaces.map((ns) => `--${ns}`);
  return ["--target", String(target.pid), ...flags, wdFlag(target.namespaces), "--", ...argv];
}

/** Runs argv in a network namespace only (the host's mounts, pids and hostname). */
export function nsenterNetArgv(netns: NonNullable<NetnsPath>, argv: readonly string[]): string[] {
  return [`--net=${netns}`, "--", ...argv];
}
