// sysctl, read on the host or inside a network namespace (net.* keys are per namespace).
//
// On the host the key's file under /proc/sys is read or written directly: a `sysctl` process
// costs ~20 ms on this VM, and every deploy read four of them in series (neighbor-capacity.ts)
// and one more for the management network before its first node could start. Inside a namespace
// a process is still needed to be there (nsenter).
import { readFile, writeFile } from "node:fs/promises";
import { FabricError } from "../errors.js";
import { HostErrorCode, run } from "./command.js";
import type { NetnsPath } from "./ip.js";
import { nsenterNetArgv } from "./nsenter.js";

export function sysctlArgv(netns: NetnsPath, args: readonly string[]): [string, string[]] {
  return netns === undefined
    ? ["sysctl", [...args]]
    : ["nsenter", nsenterNetArgv(netns, ["sysctl", ...args])];
}

/**
 * The /proc/sys file of a key, as sysctl(8) finds it: dots separate its components, unless the
 * key is written with slashes (the form that can name an interface with a dot in its name).
 */
export function sysctlPath(key: string): string {
  return `/proc/sys/${key.includes("/") ? key : key.replaceAll(".", "/")}`;
}

export async function readSysctl(key: string, netns?: NetnsPath): Promise<string> {
  if (netns === undefined) {
    try {
      return (await readFile(sysctlPath(key), "utf8")).trim();
    } catch (cause) {
      throw sysctlFailed(`cannot read ${key}`, cause);
    }
  }
  const [file, argv] = sysctlArgv(netns, ["-n", key]);
  return (await run(file, argv)).stdout.trim();
}

export async function writeSysctl(key: string, value: string, netns?: NetnsPath): Promise<void> {
  if (netns === undefined) {
    try {
      await writeFile(sysctlPath(key), value);
      return;
    } catch (cause) {
      throw sysctlFailed(`cannot set ${key}=${value}`, cause);
    }
  }
  const [file, argv] = sysctlArgv(netns, ["-w", `${key}=${value}`]);
  await run(file, argv);
}

function sysctlFailed(what: string, cause: unknown): FabricError {
  return new FabricError(HostErrorCode.failed, `sysctl: ${what}: ${(cause as Error).message}`, { cause });
}
