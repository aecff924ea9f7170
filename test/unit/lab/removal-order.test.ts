// Destroy's stages: every resource of a kind goes before anything that kind depends on, whatever
// order the deploy recorded them in, and each stage keeps the record's newest-first order.
import { describe, expect, it } from "vitest";
import { removalStages } from "../../../src/lab/removal-order.js";
import type { LabResource } from "../../../src/state/resources.js";

const r = (type: LabResource["type"], id: string, record: object = {}) => ({
  resource: { type, id, record } as LabResource,
});

describe("removalStages", () => {
  it("orders by kind, dependants first, and keeps newest first within a kind", () => {
    // As a deploy records them: the bridge, nodes, links, then pods each with node, veth, command.
    const recorded = [
      r("wiring", "mgmt", { kind: "mgmt-network" }),
      r("node", "node:a"),
      r("node", "node:b"),
      r("wiring", "link:a-b", { kind: "veth" }),
      r("wiring", "mgmt:a", { kind: "mgmt-attachment" }),
      r("node", "pod:p"),
      r("wiring", "link:p", { kind: "veth" }),
      r("process", "cmd:p"),
      r("node", "pod:q"),
      r("wiring", "link:q", { kind: "veth" }),
      r("process", "cmd:q"),
      r("speaker-host", "speaker-host"),
      r("speaker-instance", "speaker:a"),
      r("speaker-instance", "speaker:b"),
    ];
    expect(removalStages(recorded).map((s) => s.map((i) => i.resource.id))).toEqual([
      ["speaker:b", "speaker:a"],
      ["speaker-host"],
      ["cmd:q", "cmd:p"],
      ["link:q", "link:p", "mgmt:a", "link:a-b"],
      ["pod:q", "pod:p", "node:b", "node:a"],
      ["mgmt"],
    ]);
  });

  it("puts a kind cluster after the nodes and before a runtime's network", () => {
    const stages = removalStages([
      r("runtime-network", "net"),
      r("kind-cluster", "kind"),
      r("node", "node:r"),
      r("wiring", "link:r-kind", { kind: "veth" }),
    ]);
    expect(stages.map((s) => s.map((i) => i.resource.id))).toEqual([
      ["link:r-kind"],
      ["node:r"],
      ["kind"],
      ["net"],
    ]);
  });
});
