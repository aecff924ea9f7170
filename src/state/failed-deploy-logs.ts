// A failed deploy rolls back, and the rollback removes the lab's directory — with it every log
// the error points at ("see /run/fabric/LAB/logs/speaker-host.log"). Before the rollback the logs
// are copied aside, so the error can name files that still exist. Only the last failed deploy's
// logs are kept (one directory, replaced each time): a failure leaves something to read, not a
// pile that grows with every test that makes a deploy fail.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, type Stats } from "node:fs";
import path from "node:path";
import { FabricError } from "../errors.js";

/** Where under the state root the last failed deploy's logs go (never a lab name: it starts with a dot). */
export const FAILED_DEPLOY_DIR = ".last-failed-deploy";

/** Deep enough for `<lab>/<node>/logs/x.log`, shallow enough never to wander into a node's files. */
const MAX_DEPTH = 3;

/** The kept copy: its directory and the files in it, relative to the lab's directory. */
export interface KeptLogs {
  readonly dir: string;
  readonly files: readonly string[];
}

/**
 * Copies every `*.log` under the lab's directory to `<root>/.last-failed-deploy/<lab>/`, keeping
 * their relative paths, after removing the previous failure's. Undefined when there was no log
 * to keep. Never throws: the rollback matters more.
 */
export function keepFailedDeployLogs(root: string, lab: string): KeptLogs | undefined {
  const from = path.join(root, lab);
  const keptRoot = path.join(root, FAILED_DEPLOY_DIR);
  const dir = path.join(keptRoot, lab);
  try {
    rmSync(keptRoot, { recursive: true, force: true });
    const files = findLogs(from);
    if (files.length === 0) return undefined;
    for (const relative of files) {
      const target = path.join(dir, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(from, relative), target);
    }
    return { dir, files };
  } catch {
    return undefined;
  }
}

/** Log files under `dir`, relative to it. Mount points below it (a node's root) are not entered. */
function findLogs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const device = lstatSync(dir).dev;
  const found: string[] = [];
  const walk = (relative: string, depth: number): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isFile() && entry.name.endsWith(".log")) found.push(child);
      else if (entry.isDirectory() && depth < MAX_DEPTH && sameDevice(path.join(dir, child), device))
        walk(child, depth + 1);
    }
  };
  walk("", 1);
  return found.sort();
}

function sameDevice(dir: string, device: number): boolean {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch {
    return false;
  }
  return stats.dev === device;
}

/**
 * The error with every path to a kept log pointed at its copy, so its "see …" still leads
 * somewhere once the lab's directory is gone. Errors that are not fabric's own are returned as
 * they are.
 */
export function pointAtKeptLogs(err: unknown, labDir: string, kept: KeptLogs): unknown {
  if (!(err instanceof FabricError)) return err;
  // Longest first, so no path is rewritten by a shorter one it starts with.
  const files = [...kept.files].sort((a, b) => b.length - a.length);
  const moved = (text: string): string =>
    files.reduce((t, f) => t.split(path.join(labDir, f)).join(path.join(kept.dir, f)), text);
  const message = moved(err.message);
  const suggestion = err.suggestion === undefined ? undefined : moved(err.suggestion);
  if (message === err.message && suggestion === err.suggestion) return err;
  return new FabricError(err.code, message, {
    ...(suggestion !== undefined && { suggestion }),
    ...(err.cause !== undefined && { cause: err.cause }),
    diagnostics: err.diagnostics,
    exitCode: err.exitCode,
  });
}
