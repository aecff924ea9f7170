import { describe, expect, it } from "vitest";
import { findLink, linkKey } from "../../../src/faults/peer-end.js";
import type { LabState } from "../../../src/state/state-store.js";

const veth = (a: [string, string, string], b: [string, string, string]) => ({
  type: "wiring",
  id: `link:${a[0]}:${a[2]}`,
  record: {
    kind: "veth",
    a: { node: a[0], netns: a[1], ifname: a[2] },
    b: { node: b[0], netns: b[1], ifname: b[2] },
    mtu: 9500,
  },
});

const lab = {
  resources: [
    { type: "wiring", id: "mgmt-network", record: { kind: "mgmt-network" } },
    veth(["router0", "/run/netns/l-router0", "net1"], ["tor1", "/run/netns/l-tor1", "net0"]),
    // srv-worker2 lives in kind-worker2's namespace (network-mode container:kind-worker2).
    veth(["tor1", "/run/netns/l-tor1", "net1"], ["srv-worker2", "/run/netns/l-kind-worker2", "net0"]),
  ],
} as unknown as LabState;

describe("the other end of a link", () => {
  it("is found from either end, by namespace and interface", () => {
    expect(findLink(lab, "/run/netns/l-tor1", "net0")?.peer).toEqual({
      node: "router0",
      netns: "/run/netns/l-router0",
      ifname: "net1",
    });
    expect(findLink(lab, "/run/netns/l-router0", "net1")?.peer.node).toBe("tor1");
    expect(findLink(lab, "/run/netns/l-kind-worker2", "net0")?.peer).toMatchObject({
      node: "tor1",
      ifname: "net1",
    });
    expect(findLink(lab, "/run/netns/l-tor1", "eth0")).toBeUndefined();
  });

  it("gives one key per cable whichever end is named", () => {
    const a = findLink(lab, "/run/netns/l-tor1", "net0");
    const b = findLink(lab, "/run/netns/l-router0", "net1");
    expect(a && linkKey(a.link)).toBe("link:router0:net1|tor1:net0");
    expect(a && linkKey(a.link)).toBe(b && linkKey(b.link));
  });
});
