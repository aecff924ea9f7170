// fabric speaker config: the speaker config file a lab resolves for one Kubernetes node. Apart
// from speaker.ts because it reads the lab model, which the speaker sidecar itself never needs.
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { toConfigFile } from "../bgp/speaker/index.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { colourDiagnostic, printJson } from "./output.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";

export interface ConfigFlags {
  readonly lab?: string;
  readonly node: string;
}

/**
 * The lab's files, chosen by the rule every command follows: `--lab` as a path, or as a deployed
 * lab's name (its files); else a lab in the current directory; else the lab selectLab picks.
 */
export function labFiles(lab: string | undefined, cwd: string = process.cwd()): string {
  if (lab !== undefined && existsSync(lab)) return lab;
  if (lab === undefined && ["lab.yaml", "lab.yml"].some((f) => existsSync(join(cwd, f)))) return cwd;
  return selectLab(new StateStore(), lab, cwd).source;
}

export function config(flags: ConfigFlags): void {
  const files = labFiles(flags.lab);
  const result = loadLab(files);
  if (!result.lab) throw new ValidationError(result.diagnostics);
  for (const d of result.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  const config = result.lab.speakers.get(flags.node);
  if (!config) {
    const known = [...result.lab.speakers.keys()];
    throw new FabricError("speaker-no-node", `lab ${files} runs no speaker on node ${flags.node}`, {
      exitCode: ExitCode.usage,
      suggestion: known.length
        ? `nodes with a speaker: ${known.join(", ")}`
        : "no node of this lab is selected by a CiliumBGPClusterConfig",
    });
  }
  printJson(toConfigFile(config));
}
