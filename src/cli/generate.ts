// fabric generate DIR: write a Clos lab directory (containerlab topology, kind config, Cilium BGP
// resources, a DaemonSet and lab.yaml with checks) from a few numbers, after containerlab's own
// `generate`. The documents come from src/generate; this file only checks the directory and writes.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { ExitCode, FabricError } from "../errors.js";
import { checkClosParams, FILE_NAMES, generateLab, type GeneratedLab } from "../generate/index.js";
import { CHECK_SETS, FABRIC_LINKS, LIMITS, NODE_PEERINGS } from "../generate/params.js";
import { printJson } from "./output.js";
import { formatOption, type FormatOptions } from "./options.js";

interface GenerateFlags extends FormatOptions {
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

const range = (l: { min: number; max: number }) => `${l.min}-${l.max}`;

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .alias("gen")
    .argument("<dir>", "the lab directory to write (created if missing)")
    .description("write a leaf-spine (Clos) lab with Kubernetes nodes, ready for validate, deploy and test")
    .option("--name <name>", "lab name (default: the directory's name)")
    .option("--spines <n>", `spine routers (${range(LIMITS.spines)})`, "2")
    .option("--racks <n>", `racks, one ToR each (${range(LIMITS.racks)})`, "2")
    .option("--nodes-per-rack <n>", `Kubernetes nodes per rack (${range(LIMITS.nodesPerRack)})`, "2")
    .addOption(
      new Option("--fabric <links>", "BGP between ToRs and spines")
        .choices(FABRIC_LINKS)
        .default("ebgp-unnumbered"),
    )
    .addOption(
      new Option("--node-peering <type>", "BGP from Kubernetes nodes to their ToR")
        .choices(NODE_PEERINGS)
        .default("ibgp"),
    )
    .option("--ipv4-subnet <cidr>", "management network subnet (default: sized to the lab)")
    .addOption(
      new Option("--checks <set>", "what lab.yaml asks `fabric test` to check")
        .choices(CHECK_SETS)
        .default("full"),
    )
    .option("--force", "write into a directory that is not empty (fabric's five files are overwritten)")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
The lab follows labs/cilium-bgp: FRR spines and ToRs configured by exec lines, each Kubernetes
node of a kind cluster labelled rack=rackN and peering with its ToR's loopback, one
CiliumBGPClusterConfig per rack advertising PodCIDRs, and a netshoot DaemonSet. lab.yaml checks
every BGP session, each PodCIDR on its ToR, every spine and another rack's ToR, and a pod ping
across racks (--checks sample: every fabric session, and each rack's first and last node only,
for labs of thousands of nodes). IPv4 only; IPv6 comes with dual-stack.

Addressing: spine loopbacks 10.0.0.0/24, ToR loopbacks 10.0.1.0/24, numbered fabric links
10.1.0.0/16 (/31s), node links 10.2.<rack>.0/24 (/30s), PodCIDRs a /24 per node from
10.128.0.0/16 or larger. The management subnet is containerlab's default /24 when the lab fits
in it (so several labs can run side by side), else 172.24.0.0/<n> sized to the lab.

Examples:
  fabric generate labs/clos                                  # 2 spines, 2 racks of 2 nodes
  fabric generate /tmp/dc --spines 4 --racks 32 --nodes-per-rack 32 --checks sample
  fabric generate /tmp/numbered --fabric ebgp-numbered --node-peering ebgp && fabric test /tmp/numbered`,
    )
    .action((dir: string, flags: GenerateFlags) => {
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
    });
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
