// fabric destroy [NAME]: remove everything a lab created, from its state record alone.
import { FabricError, ValidationError } from "../errors.js";
import { destroyLab, destroyUnrecorded } from "../lab/destroy.js";
import type { Runtime } from "../runtime/types.js";
import { StateStore } from "../state/state-store.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { openRuntime } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";

export interface DestroyFlags {
  readonly topology?: string;
  readonly all?: boolean;
}

export async function destroy(name: string | undefined, flags: DestroyFlags): Promise<void> {
  const store = new StateStore();
  const docker = await dockerIfRunning();
  const unrecorded = flags.all && docker ? ((await docker.leftoverLabs?.()) ?? []) : [];
  const names = [...new Set([...targets(store, name, flags), ...unrecorded])];
  const progress = progressFor(process.stderr);
  for (const lab of names) {
    const state = store.read(lab);
    if (!state) {
      // No record (deleted by hand, or a reboot of /run): containers still carry the lab's
      // label, so whatever Docker holds of it can be found and removed all the same.
      const removed = docker ? await destroyUnrecorded(lab, docker) : [];
      process.stdout.write(
        removed.length > 0
          ? `lab ${lab} had no state record; removed what Docker still held of it: ${removed.join(", ")}\n`
          : `lab ${lab} is not deployed; nothing to do\n`,
      );
      continue;
    }
    const runtime = await openRuntime(state.runtime);
    await destroyLab(lab, { runtime, store, progress });
    process.stdout.write(`lab ${lab} destroyed\n`);
  }
}

function targets(store: StateStore, name: string | undefined, flags: DestroyFlags): string[] {
  if (flags.all) return store.list();
  if (name) return [name];
  if (flags.topology) {
    const loaded = loadLab(flags.topology);
    if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
    return [loaded.lab.name];
  }
  const labs = store.list();
  if (labs.length === 1 && labs[0]) return [labs[0]];
  if (labs.length === 0) {
    process.stdout.write("no lab is deployed; nothing to do\n");
    return [];
  }
  throw new FabricError("lab-ambiguous", `${labs.length} labs are deployed: ${labs.join(", ")}`, {
    suggestion: "name the one to destroy, or use --all",
  });
}

/** The docker runtime when dockerd answers; destroy must work on hosts without Docker too. */
async function dockerIfRunning(): Promise<Runtime | undefined> {
  try {
    return await openRuntime("docker");
  } catch {
    return undefined;
  }
}
