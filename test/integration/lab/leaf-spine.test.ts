// The netns runtime end to end: the reference lab's fabric (router0, tor0, tor1 exactly as in the
// seed's bgp-topo.yaml) with four Linux servers, deployed, checked the way an operator would,
// and destroyed without a trace.
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const NODES = ["router0", "tor0", "tor1", "server0", "server1", "server2", "server3"];

describe("leaf-spine on network namespaces", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("deploys, converges, routes across racks, and destroys without leftovers", async () => {
    lab = new LabFixture("topologies/leaf-spine.clab.yaml");
    const current = lab;
    await current.snapshot();

    // --no-wait: the ToRs' neighbors 10.0.x.2 are servers that run no BGP, so deploy's wait for
    // every configured session would fail by design; this test waits for what it checks itself.
    const deploy = await current.cli("deploy", current.file, "--no-wait");
    expect(deploy.stderr).toContain("images are not pulled");
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/router0\s+linux\s+router\s+172\.20\.\d+\.2\/24/);

    // router0 reports both ToRs Established (FRR's own JSON, through fabric exec's vtysh routing).
    const peers = await waitFor("router0 to have both ToRs Established", 30_000, async () => {
      const r = await current.execJson("router0", "show", "bgp", "summary", "json");
      const summary = JSON.parse(r.stdout) as {
        ipv4Unicast?: { peers?: Record<string, { state: string; hostname?: string }> };
      };
      const all = Object.values(summary.ipv4Unicast?.peers ?? {});
      return all.length === 2 && all.every((p) => p.state === "Established") ? all : undefined;
    });
    expect(peers.map((p) => p.hostname).sort()).toEqual(["tor0", "tor1"]);

    // tor0 learned rack1's server subnets into its kernel routing table.
    const routes = await waitFor("rack1 routes on tor0", 30_000, async () => {
      const r = await current.execJson("tor0", "ip", "-json", "route");
      const list = JSON.parse(r.stdout) as { dst: string; protocol?: string }[];
      const bgp = list.filter((x) => x.protocol === "bgp").map((x) => x.dst);
      return bgp.includes("10.0.3.0/24") && bgp.includes("10.0.4.0/24") ? bgp : undefined;
    });
    expect(routes).toContain("10.0.4.0/24");

    // A server in rack0 reaches a server in rack1.
    const ping = await waitFor("server1 to ping server3", 20_000, async () => {
      const r = await current.execJson("server1", "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.0.4.2");
      // The first packet may wait for neighbour resolution along the path; a converged fabric
      // then answers every one.
      return r.exitCode === 0 && r.stdout.includes(" 0% packet loss") ? r : undefined;
    });
    expect(ping.stdout).toMatch(/3 packets transmitted, 3 received/);

    const inspect = await current.cli("inspect", current.name, "--format", "json");
    const nodes = JSON.parse(inspect.stdout).nodes as { node: string; state: string; namespace: string }[];
    expect(nodes.map((n) => [n.node, n.state])).toEqual(NODES.map((n) => [n, "running"]));
    expect(nodes[0]?.namespace).toBe(`/run/netns/${current.name}-router0`);

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);

    // Idempotent: a second destroy succeeds and says there was nothing to do.
    const again = await current.cli("destroy", current.name);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("not deployed");
  });

  it("runs two labs with the same node names side by side", async () => {
    const a = new LabFixture("topologies/leaf-spine.clab.yaml");
    const b = new LabFixture("topologies/leaf-spine.clab.yaml");
    try {
      await a.snapshot();
      await b.snapshot();
      expect((await a.cli("deploy", a.file, "--no-wait")).code).toBe(0);
      const second = await b.cli("deploy", b.file, "--no-wait");
      expect(second.code, second.stderr).toBe(0);
      // The second lab moved to the next free management /24 instead of clashing.
      // (runCli captures stdout, so one CLI call at a time.)
      const mgmt: (string | undefined)[] = [];
      for (const l of [a, b]) {
        const run = await l.cli("inspect", l.name, "--format", "json");
        mgmt.push((JSON.parse(run.stdout).nodes as { mgmtAddress: string }[])[0]?.mgmtAddress);
      }
      expect(mgmt[0]).not.toBe(mgmt[1]);
      for (const l of [a, b]) {
        const r = await l.execJson("server0", "ip", "-json", "addr", "show", "net0");
        expect(r.stdout).toContain("10.0.1.2");
      }
      expect((await a.cli("destroy", a.name)).code).toBe(0);
      expect((await b.cli("destroy", b.name)).code).toBe(0);
      expect(await a.leftovers(NODES)).toEqual([]);
      expect(await b.leftovers(NODES)).toEqual([]);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});
