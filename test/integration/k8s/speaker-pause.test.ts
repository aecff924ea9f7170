// `fabric node stop` of a Kubernetes node whose speaker is an instance of the lab's speaker host
// (the default): the instance freezes inside the host like the node's own processes, so its ToR
// loses the session when its hold timer expires (FRR datacenter defaults: 9 s), not at once by a
// Cease; `node start` brings the session back; destroy then leaves nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REFERENCE_LAB_NODES as NODES } from "../../support/reference-lab.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const KIND_WORKER = "10.0.2.2";

interface Neighbor {
  readonly bgpState?: string;
  readonly lastResetDueTo?: string;
  readonly lastNotificationReason?: string;
}

describe("speaker host: a frozen node's instance is paused", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("its ToR's hold timer expires (no Cease), it comes back on node start, and destroy leaves nothing", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "nf");
    const current = lab;
    // After its hold timer fires late on resume, the speaker reconnects after connectRetryTime, as
    // Cilium's would: 120 s by default, 5 s here so the test need not wait for it.
    const policies = join(current.dir, "cilium-bgp-peering-policies.yaml");
    writeFileSync(
      policies,
      readFileSync(policies, "utf8").replace(
        "  name: peer-config-generic\nspec:\n",
        "  name: peer-config-generic\nspec:\n  timers:\n    connectRetryTimeSeconds: 5\n",
      ),
    );
    await current.snapshot();
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);
    const fabric = (...args: string[]) => current.cli(...args, "--lab", current.name);
    const neighbor = async (): Promise<{ n: Neighbor; text: string }> => {
      const r = await current.execJson("tor0", "--", "vtysh", "-c", `show bgp neighbors ${KIND_WORKER} json`);
      return { n: (JSON.parse(r.stdout) as Record<string, Neighbor>)[KIND_WORKER] ?? {}, text: r.stdout };
    };
    await waitFor("tor0 Established with kind-worker", 60_000, async () =>
      (await neighbor()).n.bgpState === "Established" ? true : undefined,
    );

    const stop = await fabric("node", "stop", "kind-worker");
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain("its speaker instance paused");
    const stoppedAt = Date.now();
    // A stopped instance would have sent a Cease by now and tor0 would show the session down.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await neighbor()).n.bgpState).toBe("Established");

    const down = await waitFor("tor0's hold timer to expire", 30_000, async () => {
      const seen = await neighbor();
      return seen.n.bgpState !== "Established" ? seen : undefined;
    });
    const after = Date.now() - stoppedAt;
    // The 9 s hold timer ran from the last keepalive, at most 3 s before the stop.
    expect(after).toBeGreaterThan(5_000);
    expect(down.text).toMatch(/Hold Timer Expired/i);
    expect(down.text).not.toMatch(/Administrative Shutdown/i);

    const start = await fabric("node", "start", "kind-worker");
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain("its speaker instance resumed");
    await waitFor("tor0 Established with kind-worker again", 60_000, async () =>
      (await neighbor()).n.bgpState === "Established" ? true : undefined,
    );

    // Destroy with the instance paused again (never resumed).
    const again = await fabric("node", "stop", "kind-worker");
    expect(again.code, again.stderr).toBe(0);
    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 240_000);
});
