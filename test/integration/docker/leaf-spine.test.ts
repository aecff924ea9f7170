// The docker runtime end to end: topologies/leaf-spine.clab.yaml as shipped (frrouting/frr:v8.2.2
// and nicolaka/netshoot:latest, local stand-ins from scripts/build-images.sh --seed where no
// registry is reachable), deployed with --runtime docker, checked as on netns, and destroyed
// without a container, network, veth or namespace left; two labs with the same node names side by
// side; and a bad image refused before anything exists. dockerd is started when none answers (and
// stopped again); the images are built once.
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mgmtBridgeName } from "../../../src/links/names.js";
import { StateStore } from "../../../src/state/state-store.js";
import { dockerodeApi } from "../../../src/runtime/docker/dockerode-api.js";
import { labFilter } from "../../../src/runtime/docker/names.js";
import { sweepLab } from "../../../src/runtime/docker/sweep.js";
import { ensureDockerd, localSeedImages, type Dockerd } from "../../support/dockerd.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const NODES = ["router0", "tor0", "tor1", "server0", "server1", "server2", "server3"];
const api = dockerodeApi();

/** The servers' image (netshoot, as shipped) replaced by `image`. */
function withServerImage(image: string) {
  return (text: string) => text.replace(/image: nicolaka\/netshoot:latest/g, `image: ${image}`);
}

/** What dockerd and the host still hold of a lab, beyond LabFixture's netns/link/state checks. */
async function dockerLeftovers(lab: string, hostVeths: readonly string[]): Promise<string[]> {
  const out = [
    ...(await api.listContainers(labFilter(lab))).map((c) => `container ${c.name}`),
    ...(await api.listNetworks(labFilter(lab))).map((n) => `network ${n.name}`),
  ];
  const { stdout } = await execa("ip", ["-json", "link", "show"]);
  const links = (JSON.parse(stdout) as { ifname: string }[]).map((l) => l.ifname);
  for (const name of [mgmtBridgeName(lab), ...hostVeths]) if (links.includes(name)) out.push(`link ${name}`);
  return out;
}

describe("leaf-spine on docker", () => {
  let dockerd: Dockerd | undefined;
  let lab: LabFixture | undefined;

  beforeAll(async () => {
    dockerd = await ensureDockerd();
    await localSeedImages();
  }, 600_000);

  let second: LabFixture | undefined;

  afterEach(async () => {
    for (const current of [lab, second]) {
      if (!current) continue;
      await current.cleanup();
      // Whatever a failed test left that the record did not list.
      await sweepLab(api, current.name);
    }
    lab = undefined;
    second = undefined;
  });

  afterAll(async () => {
    await dockerd?.stop();
  }, 60_000);

  it("deploys, converges, routes across racks, and destroys without leftovers", async () => {
    // As shipped: only the lab's name is changed (LabFixture), not a node or an image.
    lab = new LabFixture("topologies/leaf-spine.clab.yaml", undefined, "dk");
    const current = lab;
    await current.snapshot();

    const deploy = await current.cli("deploy", current.file, "--runtime", "docker", "--no-wait");
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stderr).toMatch(
      /runtime docker: (containers run privileged|dockerd refuses privileged containers)/,
    );
    expect(deploy.stdout).toMatch(/router0\s+linux\s+router\s+172\.20\.\d+\.2\/24/);

    const containers = await api.listContainers(labFilter(current.name));
    expect(containers.map((c) => c.name).sort()).toEqual(
      NODES.map((n) => `clab-${current.name}-${n}`).sort(),
    );
    const router0 = await api.inspectContainer(`clab-${current.name}-router0`);
    expect(router0?.labels).toMatchObject({
      "fabric.node": "router0",
      containerlab: current.name,
      app: "frr",
    });

    const peers = await waitFor("router0 to have both ToRs Established", 60_000, async () => {
      const r = await current.execJson("router0", "show", "bgp", "summary", "json");
      const summary = JSON.parse(r.stdout) as {
        ipv4Unicast?: { peers?: Record<string, { state: string; hostname?: string }> };
      };
      const all = Object.values(summary.ipv4Unicast?.peers ?? {});
      return all.length === 2 && all.every((p) => p.state === "Established") ? all : undefined;
    });
    expect(peers.map((p) => p.hostname).sort()).toEqual(["tor0", "tor1"]);

    const ping = await waitFor("server1 to ping server3", 30_000, async () => {
      const r = await current.execJson("server1", "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.0.4.2");
      return r.exitCode === 0 && r.stdout.includes(" 0% packet loss") ? r : undefined;
    });
    expect(ping.stdout).toMatch(/3 packets transmitted, 3 received/);

    // The management network is host-only: an address on eth0, and no default route through it.
    const routes = await current.execJson("router0", "--", "ip", "-json", "route");
    const table = JSON.parse(routes.stdout) as { dst: string; dev?: string }[];
    expect(table.filter((r) => r.dev === "eth0").map((r) => r.dst)).toEqual([
      expect.stringMatching(/^172\.20\./),
    ]);

    const inspect = await current.cli("inspect", current.name, "--format", "json");
    const nodes = JSON.parse(inspect.stdout).nodes as {
      node: string;
      state: string;
      namespace: string;
      runtime: string;
    }[];
    expect(nodes.map((n) => [n.node, n.runtime, n.state])).toEqual(
      NODES.map((n) => [n, "docker", "running"]),
    );
    expect(nodes[0]?.namespace).toBe(`/run/netns/clab-${current.name}-router0`);

    // The host ends of the management veths, to check after destroy that they went too.
    const bridge = mgmtBridgeName(current.name);
    const { stdout } = await execa("ip", ["-json", "link", "show", "master", bridge]);
    const hostVeths = (JSON.parse(stdout) as { ifname: string }[]).map((l) => l.ifname);
    expect(hostVeths.length).toBeGreaterThanOrEqual(NODES.length - 2); // tor0, tor1 delete their eth0

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
    expect(await dockerLeftovers(current.name, hostVeths)).toEqual([]);
  });

  it("runs two labs with the same node names side by side, and destroys one without touching the other", async () => {
    lab = new LabFixture("topologies/leaf-spine.clab.yaml", undefined, "dk");
    second = new LabFixture("topologies/leaf-spine.clab.yaml", undefined, "dk");
    const [a, b] = [lab, second];
    for (const l of [a, b]) {
      const deploy = await l.cli("deploy", l.file, "--runtime", "docker", "--no-wait");
      expect(deploy.code, deploy.stderr).toBe(0);
    }
    for (const l of [a, b]) {
      const ping = await waitFor(`${l.name}: server0 to ping server3`, 60_000, async () => {
        const r = await l.execJson("server0", "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.0.4.2");
        return r.exitCode === 0 && r.stdout.includes(" 0% packet loss") ? r : undefined;
      });
      expect(ping.stdout).toMatch(/2 packets transmitted, 2 received/);
    }
    const destroyA = await a.cli("destroy", a.name);
    expect(destroyA.code, destroyA.stderr).toBe(0);
    expect(await dockerLeftovers(a.name, [])).toEqual([]);
    // b is untouched: all its containers run and its fabric still routes.
    expect((await api.listContainers(labFilter(b.name))).length).toBe(NODES.length);
    const still = await b.execJson("server1", "ping", "-c", "1", "-W", "1", "10.0.3.2");
    expect(still.exitCode, still.stdout + still.stderr).toBe(0);
    const destroyB = await b.cli("destroy", b.name);
    expect(destroyB.code, destroyB.stderr).toBe(0);
    expect(await dockerLeftovers(b.name, [])).toEqual([]);
  });

  it("refuses a missing image before creating anything, naming the node and the image", async () => {
    const bad = "fabric-test/no-such-image:never";
    lab = new LabFixture("topologies/leaf-spine.clab.yaml", withServerImage(bad), "dk");
    const current = lab;
    await current.snapshot();

    const deploy = await current.cli("deploy", current.file, "--runtime", "docker", "--no-wait");
    expect(deploy.code).not.toBe(0);
    for (const server of ["server0", "server1", "server2", "server3"]) {
      expect(deploy.stderr).toContain(`node ${server}: image ${bad} is not present and could not be pulled`);
    }
    expect(deploy.stderr).not.toContain("node router0:");
    expect(new StateStore().read(current.name)).toBeUndefined();
    expect(await current.leftovers(NODES)).toEqual([]);
    expect(await dockerLeftovers(current.name, [])).toEqual([]);
  });
});
