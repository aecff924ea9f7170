// What the shell may complete at the cursor, read from the command tree itself (so completion
// never drifts from the commands): subcommands, options, the choices of an option or argument,
// and, from the lab records, lab names and node names. Pure over the tree and two lookups.
import type { Command, Option } from "commander";

export interface CompletionData {
  /** Labs deployed on this host. */
  labs(): readonly string[];
  /** Nodes (and pods) of a lab: the one named with --lab, or the one lab selection picks. */
  nodes(lab: string | undefined): readonly string[];
}

/** Arguments whose values are a lab's name, or a node of it (`endpoint` is NODE:IFACE). */
const LAB_ARGUMENTS = new Set(["lab", "name"]);
const NODE_ARGUMENTS = new Set(["node", "endpoint"]);

/** `words`: what follows `fabric` on the command line, the last one being the word being completed. */
export function complete(program: Command, words: readonly string[], data: CompletionData): string[] {
  const current = words[words.length - 1] ?? "";
  const before = words.slice(0, -1);
  let command = program;
  let positionals = 0;
  let lab: string | undefined;
  let pending: Option | undefined;
  for (const word of before) {
    if (pending) {
      if (pending.long === "--lab") lab = word;
      pending = undefined;
      continue;
    }
    if (word === "--") return [];
    if (word.startsWith("-")) {
      const option = findOption(command, word.split("=")[0] ?? word);
      if (option && (option.required || option.optional) && !word.includes("=")) pending = option;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positionals === 0) {
      command = sub;
      continue;
    }
    positionals++;
  }
  const pick = (candidates: readonly string[]) =>
    [...new Set(candidates)].filter((c) => c.startsWith(current));
  if (pending) return pick(optionValues(pending, data));
  if (current.startsWith("-")) {
    return pick(command.options.filter((o) => !o.hidden && o.long).map((o) => o.long ?? ""));
  }
  const subcommands = positionals === 0 ? visible(command) : [];
  const argument = command.registeredArguments[Math.min(positionals, command.registeredArguments.length - 1)];
  const canTakeMore = positionals < command.registeredArguments.length || argument?.variadic === true;
  if (!argument || !canTakeMore) return pick(subcommands);
  if (argument.argChoices) return pick([...subcommands, ...argument.argChoices]);
  if (LAB_ARGUMENTS.has(argument.name())) return pick([...subcommands, ...data.labs()]);
  if (NODE_ARGUMENTS.has(argument.name())) return pick([...subcommands, ...data.nodes(lab)]);
  return pick(subcommands);
}

function visible(command: Command): string[] {
  return command.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => c.name())
    .filter((n) => n !== "help");
}

function findOption(command: Command, flag: string): Option | undefined {
  return command.options.find((o) => o.long === flag || o.short === flag);
}

function optionValues(option: Option, data: CompletionData): readonly string[] {
  if (option.argChoices) return option.argChoices;
  if (option.long === "--lab") return data.labs();
  return [];
}
