import { afterEach, describe, expect, it } from "vitest";
import { diffSnapshots, takeSnapshot, type HostSnapshot } from "../../support/host-snapshot.js";
import { createVeth, planVeth } from "../../../src/links/veth.js";
import type { NodeRecord } from "../../../src/runtime/types.js";
import { TestLab } from "./fixture.js";

// The reference lab's containerlab exec lines, unmodified.
const SEED_EXEC = [
  ["touch", "/etc/frr/vtysh.conf"],
  ["sed", "-i", "-e", "s/bgpd=no/bgpd=yes/g", "/etc/frr/daemons"],
];

async function startFrr(lab: TestLab, node: NodeRecord): Promise<number> {
  for (const argv of SEED_EXEC) await lab.sh(node, argv);
  const t0 = performance.now();
  await lab.sh(node, ["/usr/lib/frr/frrinit.sh", "start"]);
  for (;;) {
    const r = await lab.runtime.exec(node, ["vtysh", "-c", "show version"]);
    if (r.exitCode === 0 && r.stdout.includes("FRRouting")) return performance.now() - t0;
    if (performance.now() - t0 > 30_000) throw new Error(`vtysh never answered in ${node.name}: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe("netns runtime: FRR inside nodes", () => {
  let lab: TestLab | undefined;
  let before: HostSnapshot;

  afterEach(async () => {
    await lab?.cleanup();
    const after = await takeSnapshot();
    if (lab) expect(diffSnapshots(before, after, { lab: lab.name })).toEqual([]);
    lab = undefined;
  });

  it("starts FRR with the seed's exec lines, privately per node", async () => {
    before = await takeSnapshot();
    lab = new TestLab();
    const r = await lab.node("r1");
    const ms = await startFrr(lab, r);
    console.log(`frrinit.sh start → vtysh answering: ${ms.toFixed(0)} ms`);
    expect(await lab.sh(r, ["vtysh", "-c", "show version"])).toContain("(r1)");
    expect(await lab.sh(r, ["grep", "^bgpd=", "/etc/frr/daemons"])).toContain("bgpd=yes");
    // The host's own /etc/frr is untouched.
    const { readFile } = await import("node:fs/promises");
    expect(await readFile("/etc/frr/daemons", "utf8")).toContain("bgpd=no");
  });

  it("establishes eBGP between two FRR nodes, and remove kills their daemons", async () => {
    before = await takeSnapshot();
    lab = new TestLab();
    const r1 = await lab.node("r1");
    const r2 = await lab.node("r2");
    const nsA = lab.runtime.netnsPath(r1);
    const nsB = lab.runtime.netnsPath(r2);
    await lab.wire(
      planVeth({ node: "r1", netns: nsA, ifname: "eth1" }, { node: "r2", netns: nsB, ifname: "eth1" }, 1500),
      createVeth,
    );
    await lab.sh(r1, ["ip", "addr", "add", "10.9.0.1/30", "dev", "eth1"]);
    await lab.sh(r2, ["ip", "addr", "add", "10.9.0.2/30", "dev", "eth1"]);
    await Promise.all([startFrr(lab, r1), startFrr(lab, r2)]);
    const bgp = (asn: number, peer: string, peerAs: number) => [
      "vtysh", "-c", "conf t", "-c", `router bgp ${asn}`, "-c", "no bgp ebgp-requires-policy",
      "-c", `neighbor ${peer} remote-as ${peerAs}`, "-c", "neighbor " + peer + " timers connect 1",
    ]; // prettier-ignore
    await lab.sh(r1, bgp(65001, "10.9.0.2", 65002));
    await lab.sh(r2, bgp(65002, "10.9.0.1", 65001));
    const t0 = performance.now();
    let state = "";
    while (performance.now() - t0 < 60_000) {
      const summary = JSON.parse(await lab.sh(r1, ["vtysh", "-c", "show bgp summary json"])) as {
        ipv4Unicast?: { peers?: Record<string, { state?: string }> };
      };
      state = summary.ipv4Unicast?.peers?.["10.9.0.2"]?.state ?? "";
      if (state === "Established") break;
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(state).toBe("Established");
    console.log(`eBGP Established after ${(performance.now() - t0).toFixed(0)} ms`);

    const daemons = (await takeSnapshot()).daemons.filter(
      (d) => !before.daemons.includes(d) && d.includes(lab!.name),
    );
    expect(daemons.filter((d) => d.startsWith("bgpd/"))).toHaveLength(2);
    await lab.runtime.remove(r1);
    const left = (await takeSnapshot()).daemons.filter((d) => daemons.includes(d));
    expect(left.filter((d) => d.startsWith("bgpd/"))).toHaveLength(1); // only r2's
    expect(left.filter((d) => d.endsWith(`${lab!.name}/r1`))).toEqual([]);
    expect(daemons.filter((d) => d.endsWith(`${lab!.name}/r1`)).length).toBeGreaterThanOrEqual(3); // watchfrr, zebra, bgpd…
  });
});
