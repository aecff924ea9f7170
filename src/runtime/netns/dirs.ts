// The host-side directories behind a node's private mounts.
import { chmod, chown, mkdir, stat } from "node:fs/promises";
import { run } from "../../host/command.js";
import type { BindSpec, PrivateDir } from "../types.js";
import { privateDirSource } from "./names.js";

/** The mounts a node gets, in order: private dirs (from its state dir), then the user's binds. */
export function plannedMounts(
  stateDir: string,
  privateDirs: readonly PrivateDir[],
  binds: readonly BindSpec[],
): BindSpec[] {
  return [
    ...privateDirs.map((d) => ({
      source: privateDirSource(stateDir, d.target),
      target: d.target,
      readOnly: false,
    })),
    ...binds,
  ];
}

/**
 * Makes the source of one private dir. Ownership and mode follow the host's directory at the
 * same path, so FRR finds /var/run/frr writable by frr exactly as the package set it up; the
 * copy uses `cp -a` because that is what keeps owners, modes and timestamps of every file.
 */
export async function preparePrivateDir(stateDir: string, dir: PrivateDir): Promise<void> {
  const source = privateDirSource(stateDir, dir.target);
  await mkdir(source, { recursive: true });
  const host = await stat(dir.target).catch(() => undefined);
  if (host === undefined || !host.isDirectory()) {
    await chmod(source, 0o755);
    return;
  }
  if (dir.copyContents) {
    await run("cp", ["-a", "--", `${dir.target}/.`, `${source}/`]);
  }
  await chown(source, host.uid, host.gid);
  await chmod(source, host.mode & 0o7777);
}

/** What a node running the host's FRR needs, the same list containerlab's frr image provides. */
export const FRR_PRIVATE_DIRS: readonly PrivateDir[] = [
  { target: "/etc/frr", copyContents: true },
  { target: "/var/run/frr", copyContents: false },
  { target: "/var/log/frr", copyContents: false },
  { target: "/tmp", copyContents: false },
];
