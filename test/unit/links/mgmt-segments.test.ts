// A management network past one bridge's ports: how many bridges, which node goes on which, and
// the names it takes on the host (valid interface names, stable per lab, distinct between labs).
import { describe, expect, it } from "vitest";
import { planMgmtAttachment, planMgmtNetwork } from "../../../src/links/mgmt.js";
import { bridgeForPort, planMgmtSegments, PORTS_PER_BRIDGE } from "../../../src/links/mgmt-segments.js";
import { isValidIfname } from "../../../src/links/names.js";
import { MAX_BRIDGE_PORTS, MAX_BRIDGES } from "../../../src/model/mgmt-capacity.js";

describe("management segments", () => {
  it("adds no bridge while one holds every node, then one per further block of nodes", () => {
    expect(planMgmtSegments("l", 0)).toEqual([]);
    expect(planMgmtSegments("l", PORTS_PER_BRIDGE)).toEqual([]);
    expect(planMgmtSegments("l", PORTS_PER_BRIDGE + 1)).toHaveLength(1);
    // 2 spines + 64 ToRs + 4,096 Kubernetes nodes.
    expect(planMgmtSegments("l", 4162)).toHaveLength(4);
  });

  it("leaves the lab's bridge room for its trunks under the kernel's port limit", () => {
    expect(PORTS_PER_BRIDGE + (MAX_BRIDGES - 1)).toBeLessThanOrEqual(MAX_BRIDGE_PORTS);
    expect(() => planMgmtSegments("l", PORTS_PER_BRIDGE * MAX_BRIDGES)).not.toThrow();
    expect(() => planMgmtSegments("l", PORTS_PER_BRIDGE * MAX_BRIDGES + 1)).toThrow(/validate allows/);
  });

  it("names each bridge and trunk end validly, the same for a lab every time and apart from other labs", () => {
    const a = planMgmtSegments("a-lab-with-a-long-name", 4162);
    const names = a.flatMap((s) => [s.bridge, s.rootEnd, s.segmentEnd]);
    expect(names.every(isValidIfname)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(planMgmtSegments("a-lab-with-a-long-name", 4162)).toEqual(a);
    const b = planMgmtSegments("another-lab", 4162).flatMap((s) => [s.bridge, s.rootEnd, s.segmentEnd]);
    expect(names.filter((n) => b.includes(n))).toEqual([]);
  });

  it("puts nodes on bridges in blocks, the first block on the lab's own bridge", () => {
    const segments = planMgmtSegments("l", 7, 3);
    expect(segments).toHaveLength(2);
    const bridges = [0, 1, 2, 3, 5, 6].map((port) => bridgeForPort("root", segments, port, 3));
    expect(bridges).toEqual([
      "root",
      "root",
      "root",
      segments[0]?.bridge,
      segments[0]?.bridge,
      segments[1]?.bridge,
    ]);
    expect(() => bridgeForPort("root", segments, 9, 3)).toThrow(/past the 3 planned bridges/);
  });

  it("records the segments with the network, so teardown needs nothing else, and attaches by port", () => {
    const one = planMgmtNetwork("l", "172.24.0.0/20", { ports: 900 });
    expect(one.segments).toBeUndefined();
    const net = planMgmtNetwork("l", "172.24.0.0/20", { ports: 2500 });
    expect(net.segments).toHaveLength(2);
    expect(net.portsPerBridge).toBe(PORTS_PER_BRIDGE);
    expect(JSON.parse(JSON.stringify(net))).toEqual(net);
    const node = { node: "n", netns: "/run/netns/l-n" };
    expect(planMgmtAttachment(net, node, "172.24.0.2/20", 999).bridge).toBe(net.bridge);
    expect(planMgmtAttachment(net, node, "172.24.3.235/20", 1000).bridge).toBe(net.segments?.[0]?.bridge);
    expect(planMgmtAttachment(net, node, "172.24.9.198/20", 2499).bridge).toBe(net.segments?.[1]?.bridge);
  });
});
