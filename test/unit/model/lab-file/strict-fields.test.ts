// Unknown fields are errors by default (kubectl's strict field validation, kind's strict decoding);
// `--lenient` (loadLab's `lenient`) and `strictFields: false` in lab.yaml make them warnings.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { editedLab, removeEditedLabs } from "../../../support/edited-lab.js";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

afterEach(removeEditedLabs);

/** A copy of the reference lab with `edit` applied to one of its files. */
const labWith = (file: string, edit: (text: string) => string): string => editedLab({ [file]: edit });

/** The 1-based line of the first occurrence of `needle` in a file of the lab. */
function lineOf(dir: string, file: string, needle: string): number {
  const index = readFileSync(join(dir, file), "utf8")
    .split("\n")
    .findIndex((l) => l.includes(needle));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

const PEERS = "cilium-bgp-peering-policies.yaml";
/** Only the first peer's ASN is misspelled. */
const misspellPeerAsn = (text: string) => text.replace("peerASN:", "peerAsn:");

describe("unknown fields", () => {
  it("are errors at their line with a did-you-mean hint (a Cilium peer's peerAsn)", () => {
    const dir = labWith(PEERS, misspellPeerAsn);
    const { lab, diagnostics } = loadLab(dir);
    expect(lab).toBeUndefined();
    const unknown = diagnostics.filter((d) => d.code === "cilium-unknown-field");
    expect(unknown).toMatchObject([
      {
        severity: "error",
        location: { line: lineOf(dir, PEERS, "peerAsn"), col: 11 },
        suggestion: 'did you mean "peerASN"?',
      },
    ]);
    expect(unknown[0]?.message).toContain('unknown field "peerAsn"');
    expect(unknown[0]?.location?.file).toMatch(/cilium-bgp-peering-policies\.yaml$/);
  });

  it("are errors in a workload manifest and in the kind config too", () => {
    const workloads = labWith("netshoot-ds.yaml", (t) => t.replace("image:", "imagee:"));
    expect(loadLab(workloads).diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "k8s-unknown-field",
        location: expect.objectContaining({ line: lineOf(workloads, "netshoot-ds.yaml", "imagee:") }),
      }),
    );
    const cluster = labWith("cluster.yaml", (t) => `${t}networkin:\n  ipFamily: ipv4\n`);
    expect(loadLab(cluster).diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "kind-unknown-field",
        suggestion: 'did you mean "networking"?',
        location: expect.objectContaining({ line: lineOf(cluster, "cluster.yaml", "networkin:") }),
      }),
    );
  });

  it("are warnings, and the lab loads, with --lenient", () => {
    const dir = labWith(PEERS, misspellPeerAsn);
    const { lab, diagnostics } = loadLab(dir, undefined, { lenient: true });
    const unknown = diagnostics.filter((d) => d.code === "cilium-unknown-field");
    expect(unknown).toMatchObject([
      { severity: "warning", location: { line: lineOf(dir, PEERS, "peerAsn") } },
    ]);
    expect(unknown[0]?.message).toContain("fabric ignores it");
    // The misspelled field was dropped, so the peer has no ASN: other errors may follow from
    // that, but none of them is the unknown field.
    expect(lab === undefined || lab.name === "cilium-bgp").toBe(true);
  });

  it("are warnings with strictFields: false in lab.yaml", () => {
    const dir = labWith(PEERS, misspellPeerAsn);
    writeFileSync(
      join(dir, "lab.yaml"),
      `strictFields: false\n${readFileSync(join(dir, "lab.yaml"), "utf8")}`,
    );
    const unknown = loadLab(dir).diagnostics.filter((d) => d.code === "cilium-unknown-field");
    expect(unknown).toMatchObject([{ severity: "warning" }]);
  });

  it("stay errors with strictFields: true, and the setting must be a boolean", () => {
    const dir = labWith("lab.yaml", (t) => `strictFields: true\n${t}`);
    writeFileSync(join(dir, PEERS), misspellPeerAsn(readFileSync(join(dir, PEERS), "utf8")));
    expect(loadLab(dir).diagnostics.filter((d) => d.code === "cilium-unknown-field")).toMatchObject([
      { severity: "error" },
    ]);
    const bad = labWith("lab.yaml", (t) => `strictFields: "no"\n${t}`);
    expect(loadLab(bad).diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "lab-bad-field",
        location: expect.objectContaining({ line: 1 }),
      }),
    );
  });

  it("in lab.yaml itself follow the same rule", () => {
    const dir = labWith("lab.yaml", (t) => `strictField: false\n${t}`);
    expect(loadLab(dir).diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "lab-unknown-field",
        suggestion: 'did you mean "strictFields"?',
        location: expect.objectContaining({ line: 1 }),
      }),
    );
    const lenient = loadLab(dir, undefined, { lenient: true });
    expect(lenient.lab?.name).toBe("cilium-bgp");
    expect(lenient.diagnostics).toMatchObject([{ severity: "warning", code: "lab-unknown-field" }]);
  });

  it("appear nowhere in the labs and topologies the project ships", () => {
    const paths = [
      // Lab directories (labs/README.md is the catalog).
      ...readdirSync("labs", { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join("labs", d.name)),
      ...readdirSync("topologies").map((f) => join("topologies", f)),
    ];
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) {
      const { lab, diagnostics } = loadLab(path);
      expect(
        diagnostics.filter((d) => d.severity === "error" || d.code.endsWith("unknown-field")),
        path,
      ).toEqual([]);
      expect(lab, path).toBeDefined();
    }
  });
});
