// The bad inputs in a whole lab: one error on the one wrong line, nothing following from
// it (the lab's checks, CRDs and workloads still name the cluster's nodes).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

function edited(labDir: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "fabric-dual-errors-"));
  cpSync(labDir, dir, { recursive: true });
  const path = join(dir, file);
  const after = edit(readFileSync(path, "utf8"));
  writeFileSync(path, after);
  return dir;
}

/** The 1-based line of the first line containing `text`. */
function lineOf(dir: string, file: string, text: string): number {
  return (
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1
  );
}

function errorsOf(dir: string): [string, string, number | undefined][] {
  return loadLab(dir)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => [d.code, d.location?.file.split("/").pop() ?? "", d.location?.line]);
}

describe("dual-stack mistakes in a whole lab", () => {
  it("ipFamily: ipv6 with the reference lab's IPv4 podSubnet: one error, at podSubnet", () => {
    const dir = edited("labs/cilium-bgp", "cluster.yaml", (t) =>
      t.replace("  disableDefaultCNI: true\n", "  disableDefaultCNI: true\n  ipFamily: ipv6\n"),
    );
    expect(errorsOf(dir)).toEqual([
      ["kind-subnet-family", "cluster.yaml", lineOf(dir, "cluster.yaml", "podSubnet:")],
    ]);
  });

  it("ipFamily: dual with the IPv4 podSubnet only: one error, at podSubnet", () => {
    const dir = edited("labs/cilium-bgp-dual", "cluster.yaml", (t) =>
      t.replace('podSubnet: "10.1.0.0/16,fd00:10:1::/56"', 'podSubnet: "10.1.0.0/16"'),
    );
    expect(errorsOf(dir)).toEqual([
      ["kind-subnet-family", "cluster.yaml", lineOf(dir, "cluster.yaml", "podSubnet:")],
    ]);
  });

  it("the dual lab's CRDs on an IPv4 cluster: one error, at the ipv6 family, and none from its checks", () => {
    const dir = edited("labs/cilium-bgp-dual", "cluster.yaml", (t) =>
      t.replace("  ipFamily: dual\n", "").replace('"10.1.0.0/16,fd00:10:1::/56"', '"10.1.0.0/16"'),
    );
    const errors = errorsOf(dir);
    const crds = "cilium-bgp-peering-policies.yaml";
    expect(errors[0]).toEqual(["cilium-family-not-in-cluster", crds, lineOf(dir, crds, "- afi: ipv6")]);
    // The lab's ping6/traceroute6 checks ask pods for an IPv6 address too: each says so at its
    // check (a different mistake, in a different file, with its own fix).
    expect(errors.slice(1).map((e) => e[0])).toEqual([
      "check-family-not-in-cluster",
      "check-family-not-in-cluster",
    ]);
  });
});
