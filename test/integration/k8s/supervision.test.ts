// What dies is noticed (issue 16 item 7): a `kill -9` of the lab's speaker host is undone by its
// supervisor within seconds, with every instance and its session back and the restart counted in
// `fabric inspect`; a bgpd killed in tor1 is restarted by watchfrr with the lab's configuration
// (deploy saved it), and while tor1's bgpd is down `fabric test` stops before its checks and names
// tor1 instead of timing out check by check.
import { afterEach, describe, expect, it } from "vitest";
import { REFERENCE_LAB_NODES as NODES } from "../../support/reference-lab.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";
import { StateStore } from "../../../src/state/state-store.js";
import { findHostRecord } from "../../../src/k8s/speaker/host.js";
import { readSupervisorStatus } from "../../../src/k8s/speaker/supervisor/status.js";

interface Health {
  node: string;
  component: string;
  healthy: boolean;
  state: string;
  restarts?: number;
  detail: string;
}

describe("supervision of what a lab runs", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("restarts a killed speaker host, restores a restarted bgpd's config, and fails fast when bgpd is down", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "sv-k8s");
    const current = lab;
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    const health = async (): Promise<Health[]> =>
      (
        JSON.parse((await current.cli("inspect", current.name, "--format", "json")).stdout) as {
          health: Health[];
        }
      ).health;
    const established = async (): Promise<true | undefined> => {
      const run = await current.cli("bgp", "peers", "--lab", current.name, "--format", "json");
      const r = JSON.parse(run.stdout) as { rows: { state: string }[] };
      return r.rows.length === 4 && r.rows.every((x) => x.state === "established") ? true : undefined;
    };
    await waitFor("4 speaker sessions Established", 30_000, established);
    expect((await health()).every((h) => h.healthy)).toBe(true);

    // kill -9 of the host process (not its supervisor): back within seconds, every instance in it.
    const dir = findHostRecord(new StateStore().read(current.name)!)!.files.dir;
    const first = readSupervisorStatus(dir);
    expect(first?.phase).toBe("running");
    process.kill(first!.host!.pid, "SIGKILL");
    const killedAt = Date.now();
    await waitFor("the host running again", 10_000, async () => {
      const s = readSupervisorStatus(dir);
      return s?.phase === "running" && s.restarts === 1 ? s : undefined;
    });
    await waitFor("4 sessions Established after the restart", 15_000, established);
    const backMs = Date.now() - killedAt;
    expect(backMs).toBeLessThan(15_000);
    const host = (await health()).find((h) => h.component === "speaker-host");
    expect(host).toMatchObject({ state: "running", restarts: 1, healthy: true });
    expect(host?.detail).toContain("killed by SIGKILL");

    // kill bgpd in tor1: watchfrr starts it again, and it comes back with tor1's neighbors.
    const pid = async (): Promise<string> =>
      (await current.execJson("tor1", "cat", "/var/run/frr/bgpd.pid")).stdout.trim();
    const before = await pid();
    expect((await current.execJson("tor1", "kill", "-9", before)).exitCode).toBe(0);
    await waitFor("tor1's bgpd restarted by watchfrr", 30_000, async () => {
      const tor1 = (await health()).find((h) => h.node === "tor1" && h.component === "bgpd");
      return tor1?.state === "restarted" ? tor1 : undefined;
    });
    const config = await current.execJson("tor1", "show", "running-config");
    expect(config.stdout).toContain("router bgp 65011");
    expect(config.stdout).toContain("neighbor 10.0.3.2 peer-group SERVERS");
    await waitFor("tor1 and router0 Established again", 30_000, async () => {
      const s = await current.execJson("router0", "show", "bgp", "summary", "json");
      return /"hostname":"tor1"[^}]*"state":"Established"|"state":"Established"[^}]*"hostname":"tor1"/.test(
        s.stdout,
      )
        ? true
        : undefined;
    });

    // A second kill within watchfrr's minimum restart interval (60 s) leaves bgpd down for a
    // while: `fabric test` names tor1 at once instead of running its checks.
    expect((await current.execJson("tor1", "kill", "-9", await pid())).exitCode).toBe(0);
    await waitFor("tor1's bgpd reported down", 10_000, async () =>
      (await health()).find((h) => h.node === "tor1" && h.state === "down"),
    );
    const started = Date.now();
    const test = await current.cli("test", current.file);
    expect(test.code).toBe(1);
    expect(test.stderr).toContain("tor1: bgpd is not running");
    expect(Date.now() - started).toBeLessThan(20_000);

    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 240_000);
});
