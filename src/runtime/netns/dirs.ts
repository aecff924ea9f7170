// The directories a node starts with empty, and the steps that build a node's filesystem.
//
// A node's root is the host's, copy-on-write (host/unshare.ts), so a PrivateDir that starts as a
// copy of the host's (/etc/frr) needs nothing more: the node edits its own copy the first time it
// writes. One that starts empty (/var/run/frr, /var/log/frr, /tmp) gets a fresh directory on the
// node's tmpfs with the host directory's owner and mode, so FRR finds /var/run/frr writable by
// frr exactly as the package set it up, and no pid file or socket of the host's own FRR.
import { realpath, stat } from "node:fs/promises";
import { FabricError } from "../../errors.js";
import type { MountStep } from "../../host/unshare.js";
import type { BindSpec, PrivateDir } from "../types.js";
import type { CarriedMount } from "./host-mounts.js";

/** An empty private dir with what it takes from the host's directory at the same path. */
export interface EmptyDir {
  readonly target: string;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/** A user's bind with its source made canonical (the node resolves it through the host's tree). */
export interface ResolvedBind {
  readonly bind: BindSpec;
  readonly source: string;
  readonly directory: boolean;
}

/** What a node running the host's FRR needs, the same list containerlab's frr image provides. */
export const FRR_PRIVATE_DIRS: readonly PrivateDir[] = [
  { target: "/etc/frr", copyContents: true },
  { target: "/var/run/frr", copyContents: false },
  { target: "/var/log/frr", copyContents: false },
  { target: "/tmp", copyContents: false },
];

/** Root-owned 0755 where the host has no such directory (as mkdir would make it). */
export async function emptyDirs(dirs: readonly PrivateDir[]): Promise<EmptyDir[]> {
  return Promise.all(
    dirs
      .filter((d) => !d.copyContents)
      .map(async (d) => {
        const host = await stat(d.target).catch(() => undefined);
        return host?.isDirectory()
          ? { target: d.target, uid: host.uid, gid: host.gid, mode: host.mode & 0o7777 }
          : { target: d.target, uid: 0, gid: 0, mode: 0o755 };
      }),
  );
}

export async function resolveBinds(binds: readonly BindSpec[]): Promise<ResolvedBind[]> {
  return Promise.all(
    binds.map(async (b) => {
      const source = await realpath(b.source).catch((cause: unknown) => {
        throw new FabricError("bind-source-missing", `bind source ${b.source} does not exist`, { cause });
      });
      return { bind: b, source, directory: (await stat(source)).isDirectory() };
    }),
  );
}

/**
 * The steps after pivot_root, in order: the host's other filesystems, the empty private dirs,
 * then the user's binds (last, so a bind into /tmp lands on the node's private /tmp). Pure.
 */
export function mountSteps(
  carried: readonly CarriedMount[],
  empty: readonly EmptyDir[],
  binds: readonly ResolvedBind[],
): MountStep[] {
  // The root overlay's upper dir is number 0 (see HOLDER_SCRIPT).
  const overlays = carried.map((m, i): MountStep =>
    m.directory
      ? { kind: "overlay", target: m.path, n: i + 1 }
      : { kind: "bind", source: m.path, target: m.path, readOnly: true },
  );
  return [
    ...overlays,
    ...empty.map((d, n): MountStep => ({ kind: "private", n, ...d })),
    ...binds.flatMap((b): MountStep[] => [
      { kind: b.directory ? "dir" : "file", target: b.bind.target },
      { kind: "bind", source: b.source, target: b.bind.target, readOnly: b.bind.readOnly },
    ]),
  ];
}
