// The command tree: one file per command, registered here in the order `--help` lists them.
import type { Command } from "commander";
import { registerGenerate } from "./generate.js";
import { registerValidate } from "./validate.js";
import { registerGraph } from "./graph.js";
import { registerDeploy } from "./deploy.js";
import { registerInspect } from "./inspect.js";
import { registerExec } from "./exec.js";
import { registerDestroy } from "./destroy.js";
import { registerGet } from "./get.js";
import { registerBgp } from "./bgp.js";
import { registerSpeaker } from "./speaker.js";
import { registerTest } from "./test.js";
import { registerLink } from "./link.js";
import { registerNode } from "./node.js";
import { registerNetem } from "./netem.js";

export function registerCommands(program: Command): void {
  program.enablePositionalOptions();
  registerGenerate(program);
  registerValidate(program);
  registerGraph(program);
  registerDeploy(program);
  registerInspect(program);
  registerExec(program);
  registerGet(program);
  registerBgp(program);
  registerTest(program);
  registerLink(program);
  registerNode(program);
  registerNetem(program);
  registerDestroy(program);
  registerSpeaker(program);
}
