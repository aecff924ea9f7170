// fabric generate DIR: its name, options and help. The action loads when the command runs.
import { Option, type Command } from "commander";
import { CHECK_SETS, FABRIC_LINKS, LIMITS, NODE_PEERINGS } from "../../generate/choices.js";
import type { GenerateFlags } from "../generate.js";
import { formatOption } from "../options.js";

const range = (l: { min: number; max: number }) => `${l.min}-${l.max}`;

export function declareGenerate(program: Command): void {
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
    .action(async (dir: string, flags: GenerateFlags) =>
      (await import("../generate.js")).generate(dir, flags),
    );
}
