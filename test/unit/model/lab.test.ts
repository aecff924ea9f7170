import { describe, expect, it } from "vitest";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";

const dir = "test/fixtures/lab/invalid";

function errorsOf(path: string) {
  const result = loadLab(path);
  expect(result.lab).toBeUndefined();
  return result.diagnostics.filter((d) => d.severity === "error");
}

describe("lab files", () => {
  it("loads the reference lab with its four files", () => {
    const { lab, diagnostics } = loadLab("labs/cilium-bgp");
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(lab?.name).toBe("cilium-bgp");
    expect(lab?.topology.nodes).toHaveLength(7);
    expect(lab?.cluster?.nodes.map((n) => n.name)).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
    expect([...(lab?.speakers.keys() ?? [])]).toHaveLength(4);
    expect(lab?.workloads.map((w) => w.name)).toEqual(["netshoot"]);
  });

  it("reports errors from every file of the lab at once", () => {
    const errors = errorsOf(`${dir}/many-errors`);
    const files = new Set(errors.map((e) => e.location?.file));
    expect(files).toEqual(
      new Set([
        `${dir}/many-errors/topo.yaml`,
        `${dir}/many-errors/cluster.yaml`,
        `${dir}/many-errors/bgp.yaml`,
      ]),
    );
    expect(errors.find((e) => e.location?.file.endsWith("topo.yaml"))?.location?.line).toBe(9);
    expect(errors.find((e) => e.location?.file.endsWith("cluster.yaml"))?.location?.line).toBe(4);
    expect(errors.find((e) => e.location?.file.endsWith("bgp.yaml"))?.location?.line).toBe(14);
  });

  it("refuses BGP resources without a cluster to select nodes from", () => {
    const [error] = errorsOf(`${dir}/bgp-without-cluster`);
    expect(error?.code).toBe("lab-bgp-without-cluster");
    expect(error?.suggestion).toContain("cluster:");
  });

  it("refuses two clusters in one lab", () => {
    const errors = errorsOf(`${dir}/two-clusters`);
    expect(errors.map((e) => e.code)).toContain("lab-two-clusters");
  });

  it("names a topology file that does not exist", () => {
    const errors = errorsOf(`${dir}/topology-file-missing`);
    expect(errors[0]?.message).toContain("nowhere.yaml");
  });
});
