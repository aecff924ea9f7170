// fabric generate as users run it: files written where asked, what was written as JSON, a
// non-empty directory refused without --force, bad numbers refused with exit 2.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../support/run-cli.js";

describe("fabric generate", () => {
  let root: string | undefined;
  const fresh = () => {
    root = mkdtempSync(join(tmpdir(), "fabric-gen-cli-"));
    return join(root, "gen-lab");
  };
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it("writes a lab named after its directory that validate accepts", async () => {
    const dir = fresh();
    const run = await runCli("generate", dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 spines, 2 ToRs, 4 Kubernetes nodes, 8 links, 8 BGP sessions, 33 checks");
    expect(readdirSync(dir).sort()).toEqual([
      "cilium-bgp.yaml",
      "cluster.yaml",
      "lab.yaml",
      "netshoot-ds.yaml",
      "topology.clab.yaml",
    ]);
    expect(readFileSync(join(dir, "lab.yaml"), "utf8")).toMatch(/^name: gen-lab$/m);
    const validate = await runCli("validate", dir);
    expect(validate.code, validate.stderr).toBe(0);
  });

  it("says what it wrote as JSON", async () => {
    const dir = fresh();
    const run = await runCli("generate", dir, "--racks", "3", "--nodes-per-rack", "100", "--format", "json");
    expect(run.code, run.stderr).toBe(2);
    const ok = await runCli(
      "generate",
      dir,
      "--name",
      "dc1",
      "--racks",
      "3",
      "--nodes-per-rack",
      "64",
      "--format",
      "json",
    );
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.name).toBe("dc1");
    expect(out.files.map((f: { path: string }) => f.path)).toContain(join(dir, "topology.clab.yaml"));
    expect(out.counts).toMatchObject({ spines: 2, tors: 3, kubernetesNodes: 192, links: 198 });
    expect(out.addressing).toEqual({ podSubnet: "10.128.0.0/16", mgmtSubnet: null });
  });

  it("refuses a non-empty directory unless --force, and then leaves other files alone", async () => {
    const dir = fresh();
    expect((await runCli("generate", dir)).code).toBe(0);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const again = await runCli("generate", dir, "--spines", "4");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("is not empty (6 entries)");
    expect(again.stderr).toContain("hint: add --force to overwrite lab.yaml, topology.clab.yaml");
    const forced = await runCli("generate", dir, "--spines", "4", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "topology.clab.yaml"), "utf8")).toContain("spine3:");
  });

  it("refuses bad parameters with every problem and exit 2, writing nothing", async () => {
    const dir = fresh();
    const run = await runCli("generate", dir, "--spines", "0", "--ipv4-subnet", "10.0.0.0/33");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--spines "0": a whole number from 1 to 254');
    expect(run.stderr).toContain("--ipv4-subnet");
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });
});
