// A management subnet must not overlap what the host already routes (docker0, its own networks):
// the lab's bridge route would shadow it. The default subnet moves on; a chosen one is refused.
import { describe, expect, it } from "vitest";
import { parseRoutes } from "../../../src/links/host-routes.js";
import { resolveTopologyText } from "../../../src/model/containerlab/index.js";
import { chooseMgmtSubnet } from "../../../src/lab/mgmt-plan.js";
import { FabricError } from "../../../src/errors.js";

const ROUTES = parseRoutes(
  JSON.stringify([
    { dst: "default", gateway: "192.0.2.1", dev: "eth0" },
    { dst: "172.17.0.0/16", dev: "docker0", scope: "link" },
    { dst: "172.20.20.0/24", dev: "fab-other", scope: "link" },
    { dst: "10.9.9.9", gateway: "192.0.2.1", dev: "eth0" },
  ]),
);

function topology(mgmt: string): Parameters<typeof chooseMgmtSubnet>[0] {
  const { topology, diagnostics } = resolveTopologyText(
    "/labs/m/topo.yaml",
    `name: m\n${mgmt}topology:\n  nodes:\n    r1: {kind: linux}\n`,
  );
  if (!topology) throw new Error(JSON.stringify(diagnostics));
  return topology;
}

describe("the management subnet against the host's routes", () => {
  it("reads `ip -json route`, without the default route, a bare address as a /32", () => {
    expect(ROUTES.map((r) => r.via)).toEqual(["dev docker0", "dev fab-other", "via 192.0.2.1 dev eth0"]);
    expect(ROUTES[2]?.prefix.prefixLength).toBe(32);
    expect(ROUTES.map((r) => r.labBridge)).toEqual([false, true, false]);
  });

  it("moves the default subnet off a routed /24 to the next free one", () => {
    expect(chooseMgmtSubnet(topology(""), new Set(), ROUTES)).toBe("172.20.21.0/24");
    expect(chooseMgmtSubnet(topology(""), new Set(), [])).toBe("172.20.20.0/24");
  });

  it("refuses a chosen subnet that overlaps docker0, naming the route (exit 2)", () => {
    const chosen = topology("mgmt:\n  ipv4-subnet: 172.17.128.0/24\n");
    const error = (() => {
      try {
        return chooseMgmtSubnet(chosen, new Set(), ROUTES);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(FabricError);
    expect(error).toMatchObject({ code: "mgmt-subnet-in-use", exitCode: 2 });
    expect((error as Error).message).toBe(
      "management subnet 172.17.128.0/24 overlaps 172.17.0.0/16, which this host already routes (dev docker0)",
    );
  });

  it("keeps a chosen subnet no route touches", () => {
    expect(chooseMgmtSubnet(topology("mgmt:\n  ipv4-subnet: 172.31.0.0/24\n"), new Set(), ROUTES)).toBe(
      "172.31.0.0/24",
    );
  });
});
