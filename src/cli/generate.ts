// fabric generate DIR: write a Clos lab directory (containerlab topology, kind config, Cilium BGP
// resources, a DaemonSet and lab.yaml with checks) from a few numbers, after containerlab's own
// `generate`. The documents come from src/generate; this file only checks the directory and writes.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ExitCode, FabricError } from "../errors.js";
import { checkClosParams, FILE_NAMES, generateLab, type GeneratedLab } from "../generate/index.js";
import { printJson } from "./output.js";
import type { FormatOptions } from "./options.js";

export interface GenerateFlags extends FormatOptions {
  readonly name?: string;
  readonly spines: string;
  readonly racks: string;
  readonly nodesPerRack: string;
  readonly fabric: string;
  readonly nodePeering: string;
  readonly ipv4Subnet?: string;
  readonly checks: string;
  readonly force?: boolean;
}

export function generate(dir: string, flags: GenerateFlags): void {
  const target = resolve(dir);
  const params = checkClosParams({
    name: flags.name ?? basename(target),
    spines: flags.spines,
    racks: flags.racks,
    nodesPerRack: flags.nodesPerRack,
    fabric: flags.fabric,
    nodePeering: flags.nodePeering,
    checks: flags.checks,
    ...(flags.ipv4Subnet !== undefined ? { mgmtSubnet: flags.ipv4Subnet } : {}),
  });
  checkTarget(target, flags.force === true);
  const lab = generateLab(params);
  mkdirSync(target, { recursive: true });
  for (const file of lab.files) writeFileSync(join(target, file.path), file.text);
  if (flags.format === "json") printJson(summary(dir, lab));
  else process.stdout.write(describeWritten(dir, lab));
  process.exitCode = ExitCode.ok;
}

/** A directory that holds anything is someone's work: only --force writes into it. */
function checkTarget(target: string, force: boolean): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) {
    throw new FabricError("generate-not-a-directory", `${target} exists and is not a directory`, {
      suggestion: "give the path of a new or empty directory",
      exitCode: ExitCode.usage,
    });
  }
  const entries = readdirSync(target);
  if (entries.length > 0 && !force) {
    const ours = Object.values(FILE_NAMES).filter((f) => entries.includes(f));
    throw new FabricError(
      "generate-dir-not-empty",
      `${target} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"})`,
      {
        suggestion:
          ours.length > 0
            ? `add --force to overwrite ${ours.join(", ")} (other files are left alone), or pick another directory`
            : "pick a new or empty directory, or add --force to write fabric's files beside what is there",
        exitCode: ExitCode.usage,
      },
    );
  }
}

function summary(dir: string, lab: GeneratedLab): unknown {
  return {
    dir,
    name: lab.plan.params.name,
    files: lab.files.map((f) => ({ path: join(dir, f.path), bytes: Buffer.byteLength(f.text) })),
    counts: lab.counts,
    addressing: {
      podSubnet: lab.plan.podSubnet,
      mgmtSubnet: lab.plan.mgmtSubnet ?? null,
    },
    parameters: lab.plan.params,
  };
}

function describeWritten(dir: string, lab: GeneratedLab): string {
  const c = lab.counts;
  return [
    `wrote lab ${lab.plan.params.name} to ${dir}: ${lab.files.map((f) => f.path).join(", ")}`,
    `  ${c.spines} spines, ${c.tors} ToRs, ${c.kubernetesNodes} Kubernetes nodes, ${c.links} links, ${c.bgpSessions} BGP sessions, ${c.checks} checks`,
    `next: fabric validate ${dir}   # or: fabric test ${dir}`,
    "",
  ].join("\n");
}
