// One modest generated lab in CI, at the size that used to crash (64 Kubernetes nodes: `spawn
// nsenter EMFILE` with one speaker process per node): 2 spines, 4 racks of 16 nodes with a pod
// each. `fabric test` deploys it, every generated check passes (every session from both ends,
// each PodCIDR on its ToR, both spines and another rack's ToR, a pod ping across racks), and
// destroy leaves nothing. Larger labs are measured by scripts/bench-scale.mjs, not here.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture } from "../../support/lab-fixture.js";
import { runCli } from "../../support/run-cli.js";

const RACKS = 4;
const PER_RACK = 16;

describe("a generated lab of 64 Kubernetes nodes", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("deploys on one speaker host, passes every generated check, and destroys without leftovers", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "fabric-scale-"));
    try {
      const dir = join(scratch, "lab");
      const gen = await runCli("generate", dir, "--racks", `${RACKS}`, "--nodes-per-rack", `${PER_RACK}`);
      expect(gen.code, gen.stderr).toBe(0);
      lab = LabFixture.fromLabDir(dir, "t-scale");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const current = lab;
    await current.snapshot();
    const run = await current.cli("test", current.file, "--format", "json");
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const report = JSON.parse(run.stdout) as {
      passed: boolean;
      results: { passed: boolean; name: string; type: string }[];
    };
    expect(report.passed).toBe(true);
    const failed = report.results.filter((r) => !r.passed).map((r) => r.name);
    expect(failed).toEqual([]);
    // Every Kubernetes node's session from both ends, and the cross-rack pod ping, were checked.
    const names = report.results.map((r) => r.name);
    expect(names.filter((n) => /^kind-(control-plane|worker\d*): BGP session/.test(n))).toHaveLength(
      RACKS * PER_RACK,
    );
    expect(names.some((n) => /^ping pod:netshoot@\S+ → pod:netshoot@\S+$/.test(n))).toBe(true);
    // Every session from both ends (ToR–spine and node–ToR), and each PodCIDR on its ToR, both
    // spines and another rack's ToR.
    const ofType = (t: string) => report.results.filter((r) => r.type === t).length;
    expect(ofType("bgp-session")).toBe(2 * (2 * RACKS + RACKS * PER_RACK));
    expect(ofType("bgp-prefix")).toBe(4 * RACKS * PER_RACK);
    const nodes = [
      "spine0",
      "spine1",
      ...Array.from({ length: RACKS }, (_, r) => `tor${r}`),
      "kind-control-plane",
      ...Array.from({ length: RACKS * PER_RACK - 1 }, (_, i) => `kind-worker${i === 0 ? "" : i + 1}`),
    ];
    expect(await current.leftovers(nodes)).toEqual([]);
    // Deploy, 401 checks and destroy take 80 s with five other labs' work on the two cores
    // (load 18), 141 s under vitest: more than the suite's default limit, which is for small labs.
  }, 300_000);
});
