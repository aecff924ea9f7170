// `fabric graph DIR` without deploying: the reference lab's snapshot from its files has its seven
// nodes, six cables and six sessions as configured (two unnumbered FRR sessions found over the
// links, four to the node IPs each ToR names; the CRDs' side of those four is the same session), and the SVG and HTML
// exports draw it.
import { describe, expect, it } from "vitest";
import { selfContainedPage } from "../../../../src/lab/topology-view/assets.js";
import { fileSnapshot } from "../../../../src/lab/topology-view/from-files.js";
import { snapshotLayout } from "../../../../src/cli/views/graph/live-layout.js";
import { renderSvg } from "../../../../src/cli/views/graph/render-svg.js";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

const lab = loadLab("labs/cilium-bgp").lab!;

describe("the picture of a lab from its files", () => {
  it("has every node, cable and configured session of the reference lab", () => {
    const s = fileSnapshot(lab, new Date(0));
    expect(s.nodes.map((n) => [n.id, n.kind, n.role, n.rack])).toEqual([
      ["router0", "router", "spine", undefined],
      ["tor0", "router", "tor", "rack0"],
      ["tor1", "router", "tor", "rack1"],
      ["kind-control-plane", "k8s-node", "control-plane", "rack0"],
      ["kind-worker", "k8s-node", "worker", "rack0"],
      ["kind-worker2", "k8s-node", "worker", "rack1"],
      ["kind-worker3", "k8s-node", "worker", "rack1"],
    ]);
    expect(s.nodes.find((n) => n.id === "kind-worker")?.members).toEqual(["srv-worker"]);
    expect(s.links).toHaveLength(6);
    expect(s.sessions.map((x) => [x.a, x.b, x.state, x.ends[0]?.peer])).toEqual([
      ["router0", "tor0", "configured", "net0"],
      ["router0", "tor1", "configured", "net1"],
      ["tor0", "kind-control-plane", "configured", "10.0.1.2"],
      ["tor0", "kind-worker", "configured", "10.0.2.2"],
      ["tor1", "kind-worker2", "configured", "10.0.3.2"],
      ["tor1", "kind-worker3", "configured", "10.0.4.2"],
    ]);
  });

  it("draws as SVG (the same bytes every time) and as the self-contained page", async () => {
    const svg = renderSvg(snapshotLayout(fileSnapshot(lab, new Date(0))));
    expect(svg).toBe(renderSvg(snapshotLayout(fileSnapshot(lab, new Date(1)))));
    expect(svg.match(/<line class="session"/g)).toHaveLength(6);
    expect(svg.match(/<line class="link"/g)).toHaveLength(6);
    expect(svg).toContain(">kind-worker3</text>");
    const page = await selfContainedPage(JSON.stringify(fileSnapshot(lab, new Date(0))));
    expect(page).toContain('"state":"configured"');
    expect(page).not.toMatch(/<script src=/);
  });
});
