// fabric completion bash|zsh and the hidden `fabric __complete -- WORDS…` the scripts call.
import { ExitCode, FabricError } from "../errors.js";
import { labInfo } from "../state/lab-info.js";
import { chooseLab } from "../state/deployed.js";
import { StateStore, type LabState } from "../state/state-store.js";
import { complete, type CompletionData } from "./completion/candidates.js";
import { BASH_SCRIPT, ZSH_SCRIPT } from "./completion/scripts.js";

export function script(shell: string): void {
  if (shell === "bash") process.stdout.write(BASH_SCRIPT);
  else if (shell === "zsh") process.stdout.write(ZSH_SCRIPT);
  else
    throw new FabricError("completion-shell", `fabric completes for bash and zsh, not ${shell}`, {
      exitCode: ExitCode.usage,
    });
}

export async function candidates(words: readonly string[]): Promise<void> {
  const { createProgram } = await import("./main.js");
  const out = complete(createProgram(), words, stateData(new StateStore()));
  if (out.length > 0) process.stdout.write(out.join("\n") + "\n");
}

/** Labs and their nodes from the state records; a record that cannot be read offers nothing. */
function stateData(store: StateStore): CompletionData {
  const read = (): LabState[] =>
    store.list().flatMap((name) => {
      try {
        return store.read(name) ?? [];
      } catch {
        return [];
      }
    });
  return {
    labs: () => read().map((l) => l.lab),
    nodes: (lab) => {
      const labs = read();
      const chosen = lab === undefined ? chooseLab(labs, process.cwd()) : labs.find((l) => l.lab === lab);
      if (!chosen) return [];
      const info = labInfo(chosen);
      return [...info.nodes.map((n) => n.name), ...(info.cluster?.pods ?? []).map((p) => `pod/${p.name}`)];
    },
  };
}
