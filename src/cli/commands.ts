// The command tree: one file per command, registered here in the order `--help` lists them.
import type { Command } from "commander";

export function registerCommands(_program: Command): void {}
