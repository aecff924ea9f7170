// `--speaker-mode process`: a node's speaker killed with SIGKILL is started again by its loop,
// inspect counts the restart and names the last exit, and the session comes back; destroy then
// leaves nothing (the loop does not outlive the lab).
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { REFERENCE_LAB_NODES as NODES } from "../../support/reference-lab.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

interface HealthRow {
  readonly node: string;
  readonly component: string;
  readonly state: string;
  readonly restarts?: number;
  readonly detail: string;
}

/** The pid of the node's speaker itself (node … speaker run), not of the loop around it. */
async function speakerPid(lab: LabFixture, node: string): Promise<number | undefined> {
  const { stdout } = await execa("ps", ["-eo", "pid=,args="]);
  const line = stdout
    .split("\n")
    .find(
      (l) =>
        l.includes(" speaker run ") &&
        l.includes(`/run/fabric/${lab.name}/${node}/speaker.json`) &&
        !l.includes("fabric-speaker-loop"),
    );
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

describe("speaker-mode process: supervised speakers", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("restarts a killed speaker, reports the restart, and the session comes back", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "nf");
    const current = lab;
    await current.snapshot();
    const deploy = await current.cli("deploy", "--speaker-mode", "process", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);
    const health = async (): Promise<HealthRow | undefined> => {
      const r = await current.cli("inspect", current.name, "--format", "json");
      const rows = (JSON.parse(r.stdout) as { health: HealthRow[] }).health;
      return rows.find((h) => h.node === "kind-worker" && h.component === "speaker");
    };
    expect(await health()).toMatchObject({ state: "running", restarts: 0 });

    const first = await speakerPid(current, "kind-worker");
    expect(first).toBeDefined();
    process.kill(first!, "SIGKILL");

    const second = await waitFor("a new speaker process", 20_000, async () => {
      const pid = await speakerPid(current, "kind-worker");
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    expect(second).not.toBe(first);
    const row = await waitFor("inspect to count the restart", 20_000, async () => {
      const h = await health();
      return h?.restarts === 1 && h.state === "running" ? h : undefined;
    });
    expect(row.detail).toContain("last killed by signal 9");
    await waitFor("kind-worker's speaker Established again", 60_000, async () => {
      const r = await current.execJson("kind-worker", "show", "bgp", "peers");
      return /established/i.test(r.stdout) ? true : undefined;
    });

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 240_000);
});
