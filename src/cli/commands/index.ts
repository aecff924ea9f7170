// The command tree, in the order `--help` lists it. Each command declares its name, arguments,
// options and help here, up front, so help is complete without loading anything else; its
// action is an `await import()` of the module that does the work, so a run loads only the one
// command it runs (a `fabric speaker run` sidecar: bgp/ and not the lab model, runtimes or k8s).
import type { Command } from "commander";
import { declareBgp } from "./bgp.js";
import { declareCompletion } from "./completion.js";
import { declareDeploy } from "./deploy.js";
import { declareDestroy } from "./destroy.js";
import { declareExec } from "./exec.js";
import { declareGenerate } from "./generate.js";
import { declareGet } from "./get.js";
import { declareGraph } from "./graph.js";
import { declareInspect } from "./inspect.js";
import { declareLink } from "./link.js";
import { declareNetem } from "./netem.js";
import { declareNode } from "./node.js";
import { declarePod } from "./pod.js";
import { declareSave } from "./save.js";
import { declareSpeaker } from "./speaker.js";
import { declareTest } from "./test.js";
import { declareValidate } from "./validate.js";

export function declareCommands(program: Command): void {
  program.enablePositionalOptions();
  declareGenerate(program);
  declareValidate(program);
  declareGraph(program);
  declareDeploy(program);
  declareInspect(program);
  declareExec(program);
  declareGet(program);
  declareBgp(program);
  declareTest(program);
  declareLink(program);
  declareNode(program);
  declarePod(program);
  declareNetem(program);
  declareSave(program);
  declareDestroy(program);
  declareSpeaker(program);
  declareCompletion(program);
}
