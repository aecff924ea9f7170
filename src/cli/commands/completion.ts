// fabric completion bash|zsh, and the hidden __complete the scripts call. Actions load lazily.
import { Argument, type Command } from "commander";

export function declareCompletion(program: Command): void {
  program
    .command("completion")
    .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh"]))
    .description("print a shell completion script: commands, options, lab names and node names")
    .addHelpText(
      "after",
      `
The script asks fabric for candidates each time, so lab and node names are those deployed now.

Examples:
  source <(fabric completion bash)                 # in ~/.bashrc
  fabric completion zsh > "\${fpath[1]}/_fabric"     # then restart zsh`,
    )
    .action(async (shell: string) => (await import("../completion.js")).script(shell));

  program
    .command("__complete", { hidden: true })
    .argument("[words...]")
    .helpOption(false)
    .allowUnknownOption()
    .action(async (words: string[]) => (await import("../completion.js")).candidates(words));
}
