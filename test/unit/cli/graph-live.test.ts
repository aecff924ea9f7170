import { describe, expect, it } from "vitest";
import { snapshotLayout } from "../../../src/cli/views/graph/live-layout.js";
import { renderDot, renderMermaid } from "../../../src/cli/views/graph/render.js";
import { collectGraph } from "../../../src/lab/topology-view/collect.js";
import { FakeStatus, LINK_DOWN_FAULT, referenceLab } from "../../support/graph-fixtures.js";

describe("Mermaid and DOT of a running lab", () => {
  it("carry ASNs on the vertices and each session as an edge with its state", async () => {
    const status = new FakeStatus();
    status.netDown = true;
    const g = await collectGraph(referenceLab({ faults: [LINK_DOWN_FAULT] }), status, new Map());
    const mermaid = renderMermaid(snapshotLayout(g));
    expect(mermaid).toContain('n_tor1["tor1<br/>tor · AS 65011 · 172.20.20.4/24"]');
    expect(mermaid).toContain('n_router0 -.-|"BGP down"| n_tor1');
    expect(mermaid).toContain('n_kind_worker -.-|"BGP established"| n_tor0');
    expect(mermaid).toContain('n_router0 ---|"net1 ↔ net0 (down)"| n_tor1');
    expect(mermaid.match(/-\.-\|/g)).toHaveLength(6);
    const dot = renderDot(snapshotLayout(g));
    expect(dot).toContain('"router0" -- "tor1" [label="BGP down", style=dotted, color=blue];');
  });
});
