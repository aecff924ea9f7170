// Where a netns node's pieces live on the host. Everything is derived from (lab, node) alone so
// teardown can find it from a name even when the record is incomplete.
//
//   /run/netns/<lab>-<node>        the node's network namespace (`ip netns exec <lab>-<node> …`)
//   /run/fabric/<lab>/<node>/      state dir: logs under logs/, the node's tmpfs mounted on fs/
//                                  (inside the node only; on the host fs/ stays an empty dir)
import path from "node:path";
import { FabricError } from "../../errors.js";

export const STATE_ROOT = "/run/fabric";
export const NETNS_DIR = "/run/netns";

// Names become file names and part of argv; keep them to what containerlab allows in practice.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function checkName(what: "lab" | "node", name: string): void {
  if (!SAFE_NAME.test(name) || name.length > 64) {
    throw new FabricError(
      "invalid-name",
      `${what} name ${JSON.stringify(name)} cannot name a namespace: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters`,
    );
  }
}

export function netnsName(lab: string, node: string): string {
  return `${lab}-${node}`;
}

export function netnsPathOf(name: string): string {
  return path.join(NETNS_DIR, name);
}

export function labStateDir(lab: string): string {
  return path.join(STATE_ROOT, lab);
}

export function nodeStateDir(lab: string, node: string): string {
  return path.join(STATE_ROOT, lab, node);
}

/** The empty directory a node's tmpfs is mounted on, in the node's mount namespace only. */
export function nodeStage(stateDir: string): string {
  return path.join(stateDir, "fs");
}

export function holderId(lab: string, node: string): string {
  return `${lab}/${node}`;
}
