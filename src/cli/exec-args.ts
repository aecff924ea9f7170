// Which words of `fabric exec NODE …` are fabric's and which the command's. The rule: fabric's
// own options (--lab, --label, --timeout, --format) are fabric's wherever they appear before a
// `--`; everything after `--` goes to the command untouched. So `fabric exec tor0 show bgp
// summary json --format json` formats fabric's output and does not hand `--format` to vtysh,
// and `fabric exec tor0 -- tool --format json` hands it to `tool`.
import { ExitCode, FabricError } from "../errors.js";

export interface OwnExecOptions {
  lab?: string;
  label: string[];
  timeout?: string;
  format?: "text" | "json";
}

const TAKES_VALUE = new Set(["--lab", "--label", "--timeout", "--format"]);

export function splitExecWords(words: readonly string[]): { own: OwnExecOptions; command: string[] } {
  const own: OwnExecOptions = { label: [] };
  const command: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "--") {
      command.push(...words.slice(i));
      break;
    }
    const eq = word.indexOf("=");
    const name = eq > 0 ? word.slice(0, eq) : word;
    if (!TAKES_VALUE.has(name)) {
      command.push(word);
      continue;
    }
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined)
      throw new FabricError("invalid-input", `option '${name}' argument missing`, {
        exitCode: ExitCode.usage,
      });
    set(own, name, value);
  }
  return { own, command };
}

function set(own: OwnExecOptions, name: string, value: string): void {
  if (name === "--lab") own.lab = value;
  else if (name === "--label") own.label.push(value);
  else if (name === "--timeout") own.timeout = value;
  else if (value === "text" || value === "json") own.format = value;
  else
    throw new FabricError("invalid-input", `--format takes text or json, not ${value}`, {
      exitCode: ExitCode.usage,
    });
}
