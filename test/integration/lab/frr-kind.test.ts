// fabric's native `kind: frr`: startup-config becomes frr.conf, the daemons it needs are switched
// on, FRR starts and answers vtysh, env and binds reach the node, and two routers peer.
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const FIXTURE = "test/fixtures/labs/frr-native";

describe("kind: frr nodes", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("start from their startup-config and establish eBGP", async () => {
    lab = new LabFixture(join(FIXTURE, "topo.clab.yaml"), (t) => t, "t-frr");
    const current = lab;
    for (const f of ["r1.conf", "r2.conf", "motd.txt"]) cpSync(join(FIXTURE, f), join(current.dir, f));
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    const summary = await waitFor("r1's session to r2", 30_000, async () => {
      const run = await current.cli("exec", "--lab", current.name, "r1", "show", "bgp", "summary", "json");
      const peers = JSON.parse(run.stdout).ipv4Unicast?.peers ?? {};
      return peers["198.51.100.0"]?.state === "Established" ? peers : undefined;
    });
    expect(summary["198.51.100.0"].remoteAs).toBe(65102);

    // r2's exec line ran after FRR started; r1 learned the address through BGP.
    const route = await waitFor("192.0.2.22 on r1", 20_000, async () => {
      const run = await current.cli(
        "exec",
        "--lab",
        current.name,
        "r1",
        "show",
        "ip",
        "route",
        "192.0.2.22/32",
        "json",
      );
      const entry = JSON.parse(run.stdout)["192.0.2.22/32"];
      return entry?.[0]?.protocol === "bgp" ? entry : undefined;
    });
    expect(route[0].protocol).toBe("bgp");

    const env = await current.cli(
      "exec",
      "--lab",
      current.name,
      "r1",
      "--",
      "sh",
      "-c",
      "echo $LAB_ROLE; cat /etc/motd-fabric",
    );
    expect(env.stdout).toBe("fabric\nfabric bind test\n");
    const mtu = await current.cli(
      "exec",
      "--lab",
      current.name,
      "r2",
      "--",
      "cat",
      "/sys/class/net/eth1/mtu",
    );
    expect(mtu.stdout.trim()).toBe("1500");

    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(["r1", "r2"])).toEqual([]);
  });
});
