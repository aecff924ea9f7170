// sysctl, read on the host or inside a network namespace (net.* keys are per namespace).
import { run } from "./command.js";
import type { NetnsPath } from "./ip.js";
import { nsenterNetArgv } from "./nsenter.js";

export function sysctlArgv(netns: NetnsPath, args: readonly string[]): [string, string[]] {
  return netns === undefined
    ? ["sysctl", [...args]]
    : ["nsenter", nsenterNetArgv(netns, ["sysctl", ...args])];
}

export async function readSysctl(key: string, netns?: NetnsPath): Promise<string> {
  const [file, argv] = sysctlArgv(netns, ["-n", key]);
  return (await run(file, argv)).stdout.trim();
}

export async function writeSysctl(key: string, value: string, netns?: NetnsPath): Promise<void> {
  const [file, argv] = sysctlArgv(netns, ["-w", `${key}=${value}`]);
  await run(file, argv);
}
