import { describe, expect, it } from "vitest";
import { kindNodeNames } from "../../../../src/model/kind/node-names.js";
import { parseNodeLabels } from "../../../../src/model/kind/node-labels.js";

describe("kind naming and node labels", () => {
  it("counts each role on its own", () => {
    expect(kindNodeNames("c", ["control-plane", "worker", "control-plane", "worker", "worker"])).toEqual([
      "c-control-plane",
      "c-worker",
      "c-control-plane2",
      "c-worker2",
      "c-worker3",
    ]);
  });

  it("parses node-labels and refuses malformed ones", () => {
    expect(parseNodeLabels("rack=rack0, example.com/tier=edge,empty=")).toEqual({
      ok: true,
      labels: { rack: "rack0", "example.com/tier": "edge", empty: "" },
    });
    expect(parseNodeLabels("")).toEqual({ ok: true, labels: {} });
    expect(parseNodeLabels("rack").ok).toBe(false);
    expect(parseNodeLabels("-bad=1").ok).toBe(false);
    expect(parseNodeLabels("k=has space").ok).toBe(false);
    expect(parseNodeLabels("Bad_Prefix/k=v").ok).toBe(false);
  });
});
