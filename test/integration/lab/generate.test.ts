// A lab from `fabric generate` is a CI smoke test as it stands: `fabric test` deploys it, every
// generated check passes (sessions, PodCIDRs on ToRs and spines, a pod ping across racks), and
// destroy leaves nothing. A generated lab that validate refuses creates nothing at all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture } from "../../support/lab-fixture.js";
import { runCli } from "../../support/run-cli.js";

/** `fabric generate` into a scratch directory, then a uniquely named copy of it to deploy. */
async function generated(prefix: string, ...flags: string[]): Promise<LabFixture> {
  const scratch = mkdtempSync(join(tmpdir(), "fabric-gen-"));
  try {
    const dir = join(scratch, "lab");
    const run = await runCli("generate", dir, ...flags);
    expect(run.code, run.stderr).toBe(0);
    return LabFixture.fromLabDir(dir, prefix);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every namespace that gets a management veth in a 2 × 2 × 2 lab. */
const NODES = [
  "spine0",
  "spine1",
  "tor0",
  "tor1",
  "kind-control-plane",
  "kind-worker",
  "kind-worker2",
  "kind-worker3",
];

describe("fabric generate → fabric test", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it.each([
    ["ebgp-unnumbered", "ibgp"],
    ["ebgp-numbered", "ebgp"],
  ])(
    "2 spines × 2 racks × 2 nodes, %s fabric, %s to the nodes: every check passes",
    async (fabric, peering) => {
      lab = await generated("t-gen", "--fabric", fabric, "--node-peering", peering);
      const current = lab;
      await current.snapshot();
      const run = await current.cli("test", current.file);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^33 passed, 0 failed in /m);
      expect(run.stdout).toMatch(/pass\s+spine1: 10\.128\.3\.0\/24 in BGP/);
      expect(run.stdout).toMatch(/pass\s+ping pod:netshoot@kind-control-plane → pod:netshoot@kind-worker3/);
      expect(await current.leftovers(NODES)).toEqual([]);
    },
  );

  it("a lab whose management subnet is too small is refused before anything is created", async () => {
    lab = await generated("t-gen", "--racks", "16", "--nodes-per-rack", "16");
    const current = lab;
    const topology = join(current.dir, "topology.clab.yaml");
    writeFileSync(
      topology,
      readFileSync(topology, "utf8").replace("ipv4-subnet: 172.24.0.0/23", "ipv4-subnet: 172.30.0.0/24"),
    );
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code).toBe(2);
    expect(deploy.stderr).toMatch(
      /topology\.clab\.yaml:\d+:\d+: management subnet 172\.30\.0\.0\/24 holds 253 node addresses, but the lab needs 274/,
    );
    expect(deploy.stderr).toContain("hint: set mgmt.ipv4-subnet in topology.clab.yaml to a /23 or larger");
    expect(await current.leftovers([])).toEqual([]);
  });
});
