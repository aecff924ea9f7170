// Our own examples are valid containerlab files too: containerlab requires an image for every
// `kind: linux` node (fabric's netns runtime does not use it; the docker runtime runs it). Every
// topology under topologies/ and every lab under labs/ is checked, so a new one cannot forget.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../../src/model/containerlab/index.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import type { TopologyNode } from "../../../src/model/model.js";

/** `node: image` for each linux node, or `node: (none)`. */
function images(nodes: readonly TopologyNode[]): string[] {
  return nodes.filter((n) => n.kind === "linux").map((n) => `${n.name}: ${n.image ?? "(none)"}`);
}

const topologies = readdirSync("topologies").filter((f) => f.endsWith(".clab.yaml"));
const labs = readdirSync("labs", { withFileTypes: true }).filter((d) => d.isDirectory());

describe("every example declares its nodes' images", () => {
  it("has examples to check", () => {
    expect(topologies).toContain("leaf-spine.clab.yaml");
    expect(labs.map((d) => d.name)).toContain("cilium-bgp");
  });

  it.each(topologies)("topologies/%s", (file) => {
    // As deploy reads it: a k8s-kind node's cluster is what network-mode container:kind-… joins.
    const { lab, diagnostics } = loadLab(`topologies/${file}`);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const linux = images(lab?.topology.nodes ?? []);
    expect(linux.length).toBeGreaterThan(0);
    expect(linux.filter((l) => l.endsWith("(none)"))).toEqual([]);
  });

  it.each(labs.map((d) => d.name))("labs/%s", (name) => {
    const { lab, diagnostics } = loadLab(`labs/${name}`);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const linux = images(lab?.topology.nodes ?? []);
    expect(linux.length).toBeGreaterThan(0);
    expect(linux.filter((l) => l.endsWith("(none)"))).toEqual([]);
  });

  it("names the seed's images, which scripts/build-images.sh --seed stands in for", () => {
    const { topology } = loadTopology("topologies/leaf-spine.clab.yaml");
    expect(new Set(topology?.nodes.map((n) => n.image))).toEqual(
      new Set(["frrouting/frr:v8.2.2", "nicolaka/netshoot:latest"]),
    );
  });
});
