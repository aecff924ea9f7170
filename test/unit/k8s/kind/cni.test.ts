import { describe, expect, it } from "vitest";
import { ptpConflist } from "../../../../src/k8s/kind/cni.js";

describe("fabric's ptp CNI config", () => {
  it("hands out pod addresses from the node's PodCIDR, without masquerade", () => {
    const conf = JSON.parse(ptpConflist("10.1.2.0/24")) as {
      plugins: { type: string; ipMasq?: boolean; ipam?: { type: string; ranges: { subnet: string }[][] } }[];
    };
    const [ptp, portmap] = conf.plugins;
    expect(ptp?.type).toBe("ptp");
    expect(ptp?.ipMasq).toBe(false);
    expect(ptp?.ipam?.type).toBe("host-local");
    expect(ptp?.ipam?.ranges).toEqual([[{ subnet: "10.1.2.0/24" }]]);
    expect(portmap?.type).toBe("portmap");
  });
});
