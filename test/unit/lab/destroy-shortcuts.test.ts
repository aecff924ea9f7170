// What destroy leaves to something else: instances to their host's SIGTERM, and on the netns
// runtime links with an end in a node namespace to that namespace's deletion.
import { describe, expect, it } from "vitest";
import { destroyShortcuts } from "../../../src/lab/destroy-shortcuts.js";
import type { LabResource } from "../../../src/state/resources.js";

const r = (type: LabResource["type"], id: string, record: object = {}) => ({
  resource: { type, id, record } as LabResource,
});
const end = (node: string) => ({ node, netns: `/run/netns/lab-${node}`, ifname: "eth1" });

const lab = [
  r("wiring", "mgmt", { kind: "mgmt-network" }),
  r("node", "node:a", { netnsName: "lab-a" }),
  r("node", "node:b", { netnsName: "lab-b" }),
  r("wiring", "link:a-b", { kind: "veth", a: end("a"), b: end("b") }),
  r("wiring", "link:c-d", { kind: "veth", a: end("c"), b: end("d") }),
  r("wiring", "mgmt:a", { kind: "mgmt-attachment", hostIfname: "m-a", node: end("a") }),
  r("speaker-host", "speaker-host"),
  r("speaker-instance", "speaker:a"),
];
const ids = (items: readonly { resource: LabResource }[]) => items.map((i) => i.resource.id);

describe("destroyShortcuts", () => {
  it("leaves instances to the host and node-namespace links to the namespaces on netns", () => {
    const s = destroyShortcuts(lab, "netns");
    expect(ids(s.withHost)).toEqual(["speaker:a"]);
    expect(ids(s.withNodes)).toEqual(["link:a-b", "mgmt:a"]);
    // A link between namespaces that are not the lab's nodes is still removed itself.
    expect(ids(s.staged)).toEqual(["mgmt", "node:a", "node:b", "link:c-d", "speaker-host"]);
  });

  it("removes every link itself on another runtime, and every instance without a host record", () => {
    const s = destroyShortcuts(
      lab.filter((i) => i.resource.type !== "speaker-host"),
      "docker",
    );
    expect(s.withHost).toEqual([]);
    expect(s.withNodes).toEqual([]);
    expect(ids(s.staged)).toContain("speaker:a");
    expect(ids(s.staged)).toContain("mgmt:a");
  });
});
