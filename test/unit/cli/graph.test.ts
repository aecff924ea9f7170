import { describe, expect, it } from "vitest";
import { runCli } from "../../support/run-cli.js";

describe("fabric graph", () => {
  it("draws the reference lab in Mermaid, grouped by rack, with interface names on links", async () => {
    const run = await runCli("graph", "labs/cilium-bgp");
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text.startsWith("graph TD\n")).toBe(true);
    // Spine alone, each ToR in the rack its servers sit in.
    expect(text).toMatch(/subgraph n_spine\["spine"\]\n\s+n_router0\[/);
    const rack0 = text.slice(
      text.indexOf('subgraph n_rack_rack0["rack rack0"]'),
      text.indexOf('subgraph n_rack_rack1["rack rack1"]'),
    );
    expect(rack0).toContain("n_tor0[");
    expect(rack0).toContain("n_kind_control_plane[");
    expect(rack0).toContain("n_kind_worker[");
    expect(rack0).not.toContain("n_kind_worker2[");
    // A server sharing a Kubernetes node's namespace is drawn as that node.
    expect(text).toContain(
      'n_kind_worker3["kind-worker3<br/>(srv-worker3)<br/>worker · 10.0.4.2 · 10.1.3.0/24"]',
    );
    expect(text).toContain('n_router0 ---|"net0 ↔ net0"| n_tor0');
    expect(text).toContain('n_tor1 ---|"net2 ↔ net0"| n_kind_worker3');
    expect(text.match(/---\|/g)).toHaveLength(6);
  });

  it("draws Graphviz DOT with one cluster per group", async () => {
    const run = await runCli("graph", "labs/cilium-bgp", "--format", "dot");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^graph "cilium-bgp" \{/);
    expect(run.stdout).toContain('subgraph "cluster_rack_rack1" {');
    expect(run.stdout).toContain('"router0" -- "tor1" [label="net1 ↔ net0"];');
    expect(run.stdout).toContain(
      '"kind-worker2" [label="kind-worker2\\n(srv-worker2)\\nworker · 10.0.3.2 · 10.1.2.0/24"];',
    );
  });

  it("refuses an unknown format with the choices", async () => {
    const run = await runCli("graph", "labs/cilium-bgp", "--format", "png");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("mermaid, dot");
  });
});

describe("fabric graph without rack labels", () => {
  it("groups each leaf router with the hosts behind it, and the spine alone", async () => {
    const run = await runCli("graph", "topologies/leaf-spine.clab.yaml");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/subgraph n_spine\["spine"\]\n\s+n_router0\[[^\n]*\n\s+end/);
    expect(run.stdout).toMatch(
      /subgraph n_leaf_tor0\["leaf tor0"\]\n\s+n_tor0\[[^\n]*\n\s+n_server0\[[^\n]*\n\s+n_server1\[/,
    );
    expect(run.stdout).toMatch(
      /subgraph n_leaf_tor1\["leaf tor1"\]\n\s+n_tor1\[[^\n]*\n\s+n_server2\[[^\n]*\n\s+n_server3\[/,
    );
  });
});
