// The reference lab with its four speakers in one speaker host (the default): one process for
// the lab, not one per node; `fabric bgp stop|start NODE` moves one instance and leaves the
// others' sessions alone; killing the host is reported by `fabric bgp peers` and `fabric bgp
// start` brings every instance back; destroy leaves nothing.
import { execa } from "execa";
import { readdirSync, readlinkSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";
import { StateStore } from "../../../src/state/state-store.js";
import { findHostRecord } from "../../../src/k8s/speaker/host.js";

const K8S_NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const NODES = ["router0", "tor0", "tor1", ...K8S_NODES];

interface Rows {
  rows: { node: string; state: string; uptimeMs?: number }[];
  problems: { node: string; message: string }[];
}

describe("the reference lab on one speaker host", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("runs every node's speaker in one process, stops and starts one, survives the host's death", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "sh-k8s");
    const current = lab;
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    const peers = async (): Promise<Rows> =>
      JSON.parse(
        (await current.cli("bgp", "peers", "--lab", current.name, "--format", "json")).stdout,
      ) as Rows;
    const allEstablished = async (): Promise<Rows | undefined> => {
      const r = await peers();
      return r.rows.length === 4 && r.rows.every((x) => x.state === "established") ? r : undefined;
    };
    await waitFor("4 sessions Established", 30_000, allEstablished);

    // One host process for the lab, and no `speaker run` process at all.
    const ps = (await execa("ps", ["-eo", "pid=,args="])).stdout.split("\n");
    const mine = ps.filter((l) => l.includes(`/run/fabric/${current.name}`));
    expect(mine.filter((l) => l.includes("fabric-speaker-host"))).toHaveLength(1);
    expect(mine.filter((l) => l.includes("speaker run"))).toHaveLength(0);

    // Descriptors per instance (issue 11: 20,000 per process): its control socket and one TCP
    // socket per session, no listener (no localPort set), no namespace or log file held open.
    const hostPid = findHostRecord(new StateStore().read(current.name)!)!.ref!.pid;
    const fds = readdirSync(`/proc/${hostPid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${hostPid}/fd/${fd}`);
      } catch {
        return "gone";
      }
    });
    expect(fds.filter((l) => l.startsWith("/run/netns/") || l.endsWith("speaker.log"))).toEqual([]);
    // host.sock, 4 × (bgp.sock + 1 session), one client connection the CLI may still have open.
    expect(fds.filter((l) => l.startsWith("socket:")).length).toBeLessThanOrEqual(1 + 4 * 2 + 1);

    // `fabric exec NODE show bgp peers` reaches the node's instance, as it reached its sidecar.
    const text = await current.cli("exec", "--lab", current.name, "kind-worker", "show", "bgp", "peers");
    expect(text.stdout).toMatch(/kind-worker\s+65010\s+65010\s+10\.0\.0\.1\s+established/);

    // Stop one instance: its row says stopped, the other three stay up without a reset.
    const before = await peers();
    expect((await current.cli("bgp", "stop", "kind-worker2", "--lab", current.name)).stdout).toContain(
      "stopped the BGP speaker of kind-worker2",
    );
    const stopped = await peers();
    expect(stopped.problems).toEqual([
      { node: "kind-worker2", message: "its speaker is stopped (`fabric bgp start kind-worker2`)" },
    ]);
    for (const row of stopped.rows) {
      const earlier = before.rows.find((r) => r.node === row.node);
      expect(row.state).toBe("established");
      expect(row.uptimeMs ?? 0).toBeGreaterThanOrEqual(earlier?.uptimeMs ?? 0);
    }
    const tor1 = await current.execJson("tor1", "show", "bgp", "ipv4", "summary", "json");
    expect(tor1.stdout).not.toMatch(/"10\.0\.3\.2":\{[^}]*"state":"Established"/);
    expect((await current.cli("bgp", "start", "kind-worker2", "--lab", current.name)).code).toBe(0);
    await waitFor("4 sessions Established again", 30_000, allEstablished);

    // Kill the host: the peers view says so, and `fabric bgp start` brings every instance back.
    const host = findHostRecord(new StateStore().read(current.name)!);
    expect(host?.ref).toBeDefined();
    process.kill(host!.ref!.pid, "SIGKILL");
    // While the killed process is still being torn down a client may see ECONNRESET; once it is
    // gone, every node's problem names the host.
    const dead = await waitFor("the dead host reported", 10_000, async () => {
      const r = await peers();
      return r.problems.length === 4 && r.problems.every((p) => p.message.includes("speaker host"))
        ? r
        : undefined;
    });
    expect(dead.problems[0]?.message).toContain("speaker host");
    expect(dead.problems[0]?.message).toContain("fabric bgp start");
    const restart = await current.cli("bgp", "start", "--lab", current.name);
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stdout).toContain(
      "started the BGP speaker of kind-control-plane, kind-worker, kind-worker2, kind-worker3",
    );
    await waitFor("4 sessions Established after the restart", 30_000, allEstablished);

    expect((await current.cli("destroy", current.name)).code).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  });
});
