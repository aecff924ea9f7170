// Deploys that go wrong must leave nothing behind: a failing exec line rolls back, and a deploy
// killed with SIGKILL midway is undone by `fabric destroy NAME` from the state record alone.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FAILED_DEPLOY_DIR } from "../../../src/state/failed-deploy-logs.js";
import { DEFAULT_STATE_ROOT, StateStore } from "../../../src/state/state-store.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const NODES = ["router0", "tor0", "tor1", "server0", "server1", "server2", "server3"];

describe("failed deploys", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("rolls back when a node's last exec line fails, naming the node, the line and its output", async () => {
    lab = new LabFixture("topologies/leaf-spine.clab.yaml", (text) =>
      text.replace(
        "        - ip route replace default via 10.0.4.1\n",
        "        - ip route replace default via 10.0.4.1\n        - ip route add 10.9.9.0/24 via 192.0.2.77\n",
      ),
    );
    await lab.snapshot();
    const run = await lab.cli("deploy", lab.file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "node server3: exec line 3 exited with 2: ip route add 10.9.9.0/24 via 192.0.2.77",
    );
    expect(run.stderr).toMatch(/Nexthop has invalid gateway|Network is unreachable/);
    expect(run.stderr).toContain("rolled back");
    expect(await lab.leftovers(NODES)).toEqual([]);
    // The rollback took the lab's directory; the logs it held are kept aside, named in the output.
    const kept = path.join(DEFAULT_STATE_ROOT, FAILED_DEPLOY_DIR, lab.name);
    expect(run.stderr).toContain(`this deploy's logs are kept in ${kept}`);
    expect(existsSync(path.join(kept, "server3", "holder.log"))).toBe(true);
    rmSync(path.dirname(kept), { recursive: true, force: true });
  });

  it("is undone by destroy after the deploying process was SIGKILLed midway", async () => {
    lab = new LabFixture("topologies/leaf-spine.clab.yaml");
    const current = lab;
    await current.snapshot();
    const store = new StateStore();
    const child = spawn(process.execPath, ["bin/fabric.js", "deploy", current.file], { stdio: "ignore" });
    try {
      // Kill it once every node exists and wiring has begun, well before the deploy can finish.
      await waitFor("the deploy to be half done", 30_000, async () => {
        const state = store.read(current.name);
        return state?.resources.some((r) => r.id.startsWith("mgmt:")) ? true : undefined;
      });
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const state = store.read(current.name);
    expect(state?.phase).toBe("deploying");
    const created = (state?.resources ?? [])
      .filter((r) => r.type === "node")
      .map((r) => r.id.replace(/^node:/, ""));
    expect(created).toHaveLength(7);
    expect(created.some((n) => existsSync(`/run/netns/${current.name}-${n}`))).toBe(true);

    const destroy = await current.cli("destroy", current.name);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await current.leftovers(NODES)).toEqual([]);
  });
});
