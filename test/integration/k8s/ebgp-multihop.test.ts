// Cilium's ebgpMultihop is honoured as the outgoing TTL: a Kubernetes node's speaker reaches an
// eBGP peer two hops away when ebgpMultihop is 2, and not when it is 1 (its SYN dies at the
// router in between, which the speaker's log explains).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture } from "../../support/lab-fixture.js";

const NODES = ["r1", "mid", "srv", "kind-control-plane"];

describe("ebgpMultihop on Kubernetes nodes' speakers", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("peers with a router two hops away when ebgpMultihop is 2", async () => {
    lab = LabFixture.fromLabDir("test/fixtures/labs/ebgp-multihop", "t-mh2");
    await lab.snapshot();
    const run = await lab.cli("test", lab.file);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pass\s+r1: 10\.244\.0\.0\/24 in BGP/);
    expect(await lab.leftovers(NODES)).toEqual([]);
  });

  it("does not when ebgpMultihop is 1, and says why", async () => {
    lab = LabFixture.fromLabDir("test/fixtures/labs/ebgp-multihop", "t-mh1");
    const current = lab;
    const bgp = join(current.dir, "bgp.yaml");
    writeFileSync(bgp, readFileSync(bgp, "utf8").replace("ebgpMultihop: 2", "ebgpMultihop: 1"));
    const labFile = join(current.dir, "lab.yaml");
    writeFileSync(labFile, readFileSync(labFile, "utf8").replace(/wait: \d+s/g, "wait: 4s"));
    await current.snapshot();
    const run = await current.cli("test", current.file, "--keep");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+kind-control-plane: BGP session with 192\.0\.2\.2 is Established/);
    const log = readFileSync(`/run/fabric/${current.name}/kind-control-plane/logs/speaker.log`, "utf8");
    expect(log).toContain(
      "192.0.2.2:179 is unreachable: no route, or more hops away than ebgpMultihop (1) allows",
    );
    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  });
});
