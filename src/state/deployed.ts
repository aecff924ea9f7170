// Finding deployed labs and their nodes by name, for commands that act on a running lab. The
// lookups inside a lab are DeployedLab's (deployed-lab.ts); these functions keep their callers'
// one-line form.
import { dirname, resolve } from "node:path";
import { FabricError } from "../errors.js";
import { labInfo } from "./lab-info.js";
import type { NodeRecord } from "../runtime/types.js";
import { DeployedLab, type DeployedNodeHandle } from "./deployed-lab.js";
import type { LabState, StateStore } from "./state-store.js";

export type { DeployedNodeHandle } from "./deployed-lab.js";

/**
 * The one rule every command uses to pick a lab: the one named (`--lab NAME` or the command's
 * argument); else the lab deployed from the current directory (its lab directory, or the
 * directory of its lab or topology file); else the only lab deployed.
 */
export function selectLab(store: StateStore, name?: string, cwd: string = process.cwd()): LabState {
  if (name) {
    const state = store.read(name);
    if (!state)
      throw new FabricError("lab-not-found", `no lab named ${name} is deployed`, {
        suggestion: labsHint(store),
      });
    return state;
  }
  const labs = store.list().flatMap((l) => store.read(l) ?? []);
  const chosen = chooseLab(labs, cwd);
  if (chosen) return chosen;
  const names = labs.map((l) => l.lab);
  throw new FabricError(
    names.length === 0 ? "lab-not-found" : "lab-ambiguous",
    names.length === 0 ? "no lab is deployed" : `${names.length} labs are deployed: ${names.join(", ")}`,
    {
      suggestion:
        names.length === 0
          ? "deploy one with `fabric deploy PATH`"
          : "choose one with --lab NAME, or run the command in the lab's directory",
    },
  );
}

/** Without a name: the only lab whose files are in `cwd`, else the only lab; undefined if neither. */
export function chooseLab(labs: readonly LabState[], cwd: string): LabState | undefined {
  const here = resolve(cwd);
  const inCwd = labs.filter((l) => labDirs(l).includes(here));
  if (inCwd.length === 1) return inCwd[0];
  return labs.length === 1 ? labs[0] : undefined;
}

/** Where a lab's files are: its source (a directory, or a file's directory) and its topology's. */
export function labDirs(lab: LabState): string[] {
  const dirs = new Set<string>();
  if (lab.source) {
    const source = resolve(lab.source);
    dirs.add(/\.ya?ml$/.test(source) ? dirname(source) : source);
  }
  const topology = labInfo(lab).topologyFile;
  if (topology) dirs.add(dirname(resolve(topology)));
  return [...dirs];
}

export function nodeHandle(lab: LabState, name: string): DeployedNodeHandle {
  return new DeployedLab(lab).node(name);
}

export function recordOf(lab: LabState, node: string): NodeRecord | undefined {
  return new DeployedLab(lab).nodeRecord(node);
}

function labsHint(store: StateStore): string {
  const labs = store.list();
  return labs.length ? `deployed labs: ${labs.join(", ")}` : "no lab is deployed";
}
