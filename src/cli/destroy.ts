// fabric destroy [NAME]: remove everything a lab created, from its state record alone.
import { FabricError, ValidationError } from "../errors.js";
import { destroyLab, destroyUnrecorded } from "../lab/destroy.js";
import type { Runtime } from "../runtime/types.js";
import { StateStore } from "../state/state-store.js";
import { chooseLab } from "../state/deployed.js";
import { openRuntime } from "./runtime-choice.js";
import { progressFor } from "./views/progress-view.js";
import type { FormatOptions } from "./options.js";
import { printJson } from "./output.js";
import { sharedSpawner } from "../host/spawner/client.js";

export interface DestroyFlags extends Partial<FormatOptions> {
  readonly topology?: string;
  readonly all?: boolean;
}

/** What `--format json` prints: each lab named once, by what happened to it. */
interface DestroyReport {
  destroyed: string[];
  notDeployed: string[];
  /** Labs without a state record whose Docker leftovers were removed. */
  unrecorded: { lab: string; removed: string[] }[];
}

export async function destroy(name: string | undefined, flags: DestroyFlags): Promise<void> {
  // Started now, while the record is read and the nodes are thawed: its python3 takes ~50 ms to
  // start, which the first removal's command waited for otherwise.
  sharedSpawner();
  const store = new StateStore();
  // Docker is asked only when the answer can matter (--all, or a lab without a record): opening
  // it loads dockerode and pings dockerd, most of a netns lab's destroy before anything is removed.
  let dockerOpened: Promise<Runtime | undefined> | undefined;
  const docker = (): Promise<Runtime | undefined> => (dockerOpened ??= dockerIfRunning());
  const all = flags.all ? await docker() : undefined;
  const unrecorded = all ? ((await all.leftoverLabs?.()) ?? []) : [];
  const names = [...new Set([...(await targets(store, name, flags)), ...unrecorded])];
  const progress = progressFor(process.stderr);
  const json = flags.format === "json";
  const say = (text: string): void => {
    if (!json) process.stdout.write(text);
  };
  const report: DestroyReport = { destroyed: [], notDeployed: [], unrecorded: [] };
  for (const lab of names) {
    const state = store.read(lab);
    if (!state) {
      // No record (deleted by hand, or a reboot of /run): containers still carry the lab's
      // label, so whatever Docker holds of it can be found and removed all the same.
      const found = await docker();
      const removed = found ? await destroyUnrecorded(lab, found) : [];
      if (removed.length > 0) report.unrecorded.push({ lab, removed });
      else report.notDeployed.push(lab);
      say(
        removed.length > 0
          ? `lab ${lab} had no state record; removed what Docker still held of it: ${removed.join(", ")}\n`
          : `lab ${lab} is not deployed; nothing to do\n`,
      );
      continue;
    }
    const runtime = await openRuntime(state.runtime);
    await destroyLab(lab, { runtime, store, progress });
    report.destroyed.push(lab);
    say(`lab ${lab} destroyed\n`);
  }
  if (json) printJson(report);
}

async function targets(store: StateStore, name: string | undefined, flags: DestroyFlags): Promise<string[]> {
  if (flags.all) return store.list();
  if (name) return [name];
  if (flags.topology) {
    // Only the lab's name is needed: a field the lab was deployed with (--lenient) must not
    // stand in the way of taking it down. The lab model (and the YAML parser) is loaded only
    // here: destroying a lab by name needs its record alone.
    const { loadLab } = await import("../model/lab-file/load-lab.js");
    const loaded = loadLab(flags.topology, undefined, { lenient: true });
    if (!loaded.lab) throw new ValidationError(loaded.diagnostics);
    return [loaded.lab.name];
  }
  const labs = store.list();
  // The rule every command follows: the lab deployed from this directory, else the only one.
  const chosen = chooseLab(
    labs.flatMap((l) => store.read(l) ?? []),
    process.cwd(),
  );
  if (chosen) return [chosen.lab];
  if (labs.length === 0) {
    if (flags.format !== "json") process.stdout.write("no lab is deployed; nothing to do\n");
    return [];
  }
  throw new FabricError("lab-ambiguous", `${labs.length} labs are deployed: ${labs.join(", ")}`, {
    suggestion: "name the one to destroy, run destroy in its directory, or use --all",
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
