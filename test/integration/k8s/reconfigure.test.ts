// `fabric deploy --reconfigure` after changing only the BGP policy (issue 12 item 6): a new
// community on the PodCIDR advertisement reaches FRR as an UPDATE on the established sessions
// (FRR's Up/Down and its count of established connections do not move); a changed hold time
// resets the sessions, and the output says which and why.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

interface FrrNeighbor {
  connectionsEstablished?: number;
  bgpTimerUpMsec?: number;
  bgpState?: string;
}

describe("deploy --reconfigure of the BGP policy", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("a community: UPDATEs, no session reset; a hold time: a reset, named with its reason", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "bs-rc");
    const current = lab;
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    const neighbor = async (): Promise<FrrNeighbor> => {
      const r = await current.execJson("tor0", "show", "bgp", "neighbors", "10.0.2.2", "json");
      return (JSON.parse(r.stdout) as Record<string, FrrNeighbor>)["10.0.2.2"] ?? {};
    };
    const route = async (): Promise<string> =>
      (await current.execJson("tor0", "show", "bgp", "ipv4", "unicast", "10.1.1.0/24")).stdout;
    // FRR counts a session's uptime in whole seconds (bgpTimerUpMsec is a multiple of 1,000): wait
    // for 2 s of it, so a reset (back to 0) shows however fast the reconfigure is.
    const before = await waitFor("tor0 has kind-worker Established for 2 s", 30_000, async () => {
      const n = await neighbor();
      return n.bgpState === "Established" && (n.bgpTimerUpMsec ?? 0) >= 2000 ? n : undefined;
    });
    expect(await route()).not.toContain("65000:100");

    const policies = join(current.file, "cilium-bgp-peering-policies.yaml");
    const original = readFileSync(policies, "utf8");
    const withCommunity = original.replace(
      '    - advertisementType: "PodCIDR"',
      '    - advertisementType: "PodCIDR"\n      attributes:\n        communities:\n          standard: ["65000:100"]',
    );
    expect(withCommunity).not.toBe(original);
    writeFileSync(policies, withCommunity);
    const started = Date.now();
    const reconfigure = await current.cli("deploy", "--reconfigure", current.file);
    expect(reconfigure.code, reconfigure.stderr).toBe(0);
    expect(reconfigure.stdout).toContain("reconfigured in place");
    expect(reconfigure.stdout).toMatch(
      /kind-worker: peer-65010-rack0 \(10\.0\.0\.1\): advertisements changed: UPDATEs on the established session, no reset/,
    );
    await waitFor("FRR has the community", 10_000, async () =>
      (await route()).includes("65000:100") ? true : undefined,
    );
    const after = await neighbor();
    process.stderr.write(
      `[reconfigure] community on FRR ${Date.now() - started} ms after deploy --reconfigure started; ` +
        `connections established ${before.connectionsEstablished} → ${after.connectionsEstablished}, ` +
        `up ${before.bgpTimerUpMsec} ms → ${after.bgpTimerUpMsec} ms\n`,
    );
    expect(after.bgpState).toBe("Established");
    expect(after.connectionsEstablished).toBe(before.connectionsEstablished);
    expect(after.bgpTimerUpMsec ?? 0).toBeGreaterThanOrEqual(before.bgpTimerUpMsec ?? Infinity);

    // A hold time is negotiated in the OPEN: that needs a new session, and the output says so.
    writeFileSync(
      policies,
      withCommunity.replace(
        "  name: peer-config-generic\nspec:\n",
        "  name: peer-config-generic\nspec:\n  timers:\n    holdTimeSeconds: 30\n    keepAliveTimeSeconds: 10\n",
      ),
    );
    const reset = await current.cli("deploy", "--reconfigure", current.file);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(
      /kind-worker: peer-65010-rack0 \(10\.0\.0\.1\): session reset: timers\.holdTimeSeconds 90 → 30, timers\.keepAliveTimeSeconds 30 → 10/,
    );
    const renewed = await waitFor("a new session", 30_000, async () => {
      const n = await neighbor();
      return n.bgpState === "Established" &&
        (n.connectionsEstablished ?? 0) > (before.connectionsEstablished ?? 0)
        ? n
        : undefined;
    });
    expect(renewed.connectionsEstablished).toBe((before.connectionsEstablished ?? 0) + 1);

    expect((await current.cli("destroy", current.name)).code).toBe(0);
  }, 300_000);
});
