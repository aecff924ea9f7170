// The reference lab, unchanged, on the docker runtime with emulated Kubernetes nodes: each node a
// container of fabric's FRR image, each pod a container from its manifest's image
// (nicolaka/netshoot:latest), wired as on netns; the topology's srv-* nodes join the node
// containers (network-mode container:kind-…). Deploy converges, `fabric test` passes its checks
// and failover scenario, exec/get/bgp reach nodes and pods, and destroy leaves nothing.
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dockerodeApi } from "../../../src/runtime/docker/dockerode-api.js";
import { labFilter } from "../../../src/runtime/docker/names.js";
import { sweepLab } from "../../../src/runtime/docker/sweep.js";
import { ensureDockerd, localSeedImages, type Dockerd } from "../../support/dockerd.js";
import { LabFixture } from "../../support/lab-fixture.js";

const LAB = "labs/cilium-bgp";
const K8S = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const TOPOLOGY = ["router0", "tor0", "tor1", "srv-control-plane", "srv-worker", "srv-worker2", "srv-worker3"];
const api = dockerodeApi();

/** The image a container was created from, as `docker inspect` reports it. */
async function imageOf(container: string): Promise<string> {
  return (await execa("docker", ["inspect", "-f", "{{.Config.Image}}", container])).stdout.trim();
}

describe("the reference lab on docker", () => {
  let dockerd: Dockerd | undefined;
  let lab: LabFixture | undefined;

  beforeAll(async () => {
    dockerd = await ensureDockerd();
    await localSeedImages();
  }, 600_000);

  afterEach(async () => {
    if (lab) {
      await lab.cleanup();
      await sweepLab(api, lab.name);
    }
    lab = undefined;
  });

  afterAll(async () => {
    await dockerd?.stop();
  }, 60_000);

  it("deploys unchanged, passes fabric test, is reachable by exec/get/bgp, and destroys clean", async () => {
    lab = LabFixture.fromLabDir(LAB, "kd");
    const current = lab;
    await current.snapshot();

    const deploy = await current.cli("deploy", current.file, "--runtime", "docker");
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stderr).toContain("Kubernetes nodes run from fabric-frr:bookworm");
    expect(deploy.stdout).toMatch(/BGP converged: 12 sessions Established \(8 FRR, 4 speaker\)/);

    const containers = await api.listContainers(labFilter(current.name));
    const names = containers.map((c) => c.name.replace(`clab-${current.name}-`, ""));
    const container = (n: string) => `clab-${current.name}-${n}`;
    for (const n of K8S) expect(await imageOf(container(n)), n).toBe("fabric-frr:bookworm");
    const pods = names.filter((n) => n.startsWith("netshoot-"));
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(await imageOf(container(p)), p).toBe("nicolaka/netshoot:latest");
    expect(await imageOf(container("srv-worker"))).toBe("nicolaka/netshoot:latest");

    // Its checks and the tor1 failover scenario, on the running lab (which fabric test keeps).
    const test = await current.cli("test", current.file);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/\d+ passed, 0 failed/);

    const got = await current.cli("get", "pods", "--lab", current.name, "--format", "json");
    const rows = JSON.parse(got.stdout) as { name: string; node: string; phase: string }[];
    expect(rows.map((r) => [r.node, r.phase]).sort()).toEqual([
      ["kind-worker", "Running"],
      ["kind-worker2", "Running"],
      ["kind-worker3", "Running"],
    ]);
    const pod = rows.find((r) => r.node === "kind-worker")?.name ?? "";
    const trace = await current.execJson(`kind-worker/${pod}`, "traceroute", "-n", "-w", "1", "10.1.3.2");
    expect(trace.exitCode, trace.stderr).toBe(0);
    expect(trace.stdout).toMatch(/10\.0\.0\.0[\s\S]*10\.0\.0\.2[\s\S]*10\.1\.3\.2/);

    const stop = await current.cli("bgp", "stop", "kind-worker", "--lab", current.name);
    expect(stop.code, stop.stderr).toBe(0);
    const start = await current.cli("bgp", "start", "kind-worker", "--lab", current.name);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain("started the BGP speaker of kind-worker");

    // node stop freezes a container whole (docker pause); exec says so at once; start resumes.
    const freeze = await current.cli("node", "stop", "tor1", "--lab", current.name);
    expect(freeze.code, freeze.stderr).toBe(0);
    expect(freeze.stdout).toContain("tor1: container paused");
    const frozen = await current.cli("exec", "tor1", "--lab", current.name, "--", "ip", "-br", "addr");
    expect(frozen.code).not.toBe(0);
    expect(frozen.stderr).toContain("node tor1 is frozen");
    const thaw = await current.cli("node", "start", "tor1", "--lab", current.name);
    expect(thaw.code, thaw.stderr).toBe(0);
    const after = await current.cli("exec", "tor1", "--lab", current.name, "--", "ip", "-br", "addr");
    expect(after.code, after.stderr).toBe(0);
    // A Kubernetes node left frozen (container and speaker instance paused): destroy still cleans up.
    const kw = await current.cli("node", "stop", "kind-worker2", "--lab", current.name);
    expect(kw.code, kw.stderr).toBe(0);
    expect(kw.stdout).toContain("kind-worker2: container paused, its speaker instance paused");

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers([...TOPOLOGY, ...K8S])).toEqual([]);
    expect((await api.listContainers(labFilter(current.name))).map((c) => c.name)).toEqual([]);
    expect((await api.listNetworks(labFilter(current.name))).map((n) => n.name)).toEqual([]);
    const { stdout } = await execa("ip", ["netns", "list"]);
    expect(stdout.split("\n").filter((l) => l.includes(current.name))).toEqual([]);
  });
});
