// fabric speaker config: the speaker config file a lab resolves for one Kubernetes node. Apart
// from speaker.ts because it reads the lab model, which the speaker sidecar itself never needs.
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { toConfigFile } from "../bgp/speaker/index.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { colourDiagnostic, printJson } from "./output.js";

export interface ConfigFlags {
  readonly lab: string;
  readonly node: string;
}

export function config(flags: ConfigFlags): void {
  const result = loadLab(flags.lab);
  if (!result.lab) throw new ValidationError(result.diagnostics);
  for (const d of result.diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  const config = result.lab.speakers.get(flags.node);
  if (!config) {
    const known = [...result.lab.speakers.keys()];
    throw new FabricError("speaker-no-node", `lab ${flags.lab} runs no speaker on node ${flags.node}`, {
      exitCode: ExitCode.usage,
      suggestion: known.length
        ? `nodes with a speaker: ${known.join(", ")}`
        : "no node of this lab is selected by a CiliumBGPClusterConfig",
    });
  }
  printJson(toConfigFile(config));
}
