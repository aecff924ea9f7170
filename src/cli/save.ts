// fabric save [LAB]: each router's running config and each speaker's config, into files.
import { resolve } from "node:path";
import { liveConfigs, saveLab } from "../lab/save.js";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";
import type { FormatOptions } from "./options.js";
import { printJson, table } from "./output.js";
import { openRuntime } from "./runtime-choice.js";

export interface SaveFlags extends FormatOptions {
  readonly lab?: string;
  readonly dir?: string;
}

export async function save(name: string | undefined, flags: SaveFlags): Promise<void> {
  const lab = selectLab(new StateStore(), name ?? flags.lab);
  const dir = resolve(flags.dir ?? `${lab.lab}-saved`);
  const result = await saveLab(lab, dir, liveConfigs(await openRuntime(lab.runtime)));
  if (flags.format === "json") printJson(result);
  else {
    process.stdout.write(
      `saved lab ${lab.lab} into ${dir}\n` +
        table(
          ["NODE", "CONFIG", "FILE"],
          result.files.map((f) => [
            f.node,
            f.what === "frr" ? "FRR running-config" : "speaker config",
            f.path,
          ]),
        ) +
        "\n",
    );
    for (const p of result.problems) process.stderr.write(`${p.node}: not saved: ${p.message}\n`);
  }
  if (result.problems.length > 0) process.exitCode = 1;
}
