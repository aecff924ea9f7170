// Inputs that used to validate and then fail at deploy, or to bury the one real error under
// follow-on errors: each is now one error at the line to fix.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

const LAB = path.resolve(import.meta.dirname, "../../../../labs/cilium-bgp");
let dir = "";

function labWith(edits: Record<string, (text: string) => string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "fabric-limits-"));
  cpSync(LAB, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const p = path.join(dir, file);
    writeFileSync(p, edit(readFileSync(p, "utf8")));
  }
  return dir;
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const errorsOf = (lab: string) => loadLab(lab).diagnostics.filter((d) => d.severity === "error");

describe("limits checked before anything is created", () => {
  it("an empty cluster file is one error, at its first line", () => {
    const errors = errorsOf(labWith({ "cluster.yaml": () => "" }));
    expect(errors).toEqual([
      expect.objectContaining({ code: "kind-empty", location: expect.objectContaining({ line: 1, col: 1 }) }),
    ]);
    expect(errors[0]?.location?.file).toMatch(/cluster\.yaml$/);
  });

  it("a node name longer than a hostname can be is refused where it is defined", () => {
    const long = `r${"o".repeat(369)}`;
    const rename = (t: string) => t.replaceAll("router0", long);
    const errors = errorsOf(labWith({ "bgp-topo.yaml": rename, "lab.yaml": rename }));
    expect(errors).toEqual([
      expect.objectContaining({ code: "node-name-too-long", location: expect.objectContaining({ line: 7 }) }),
    ]);
    expect(errors[0]?.message).toContain("370 characters");
  });

  it("a file the lab names but that does not exist is reported at the line that names it", () => {
    const errors = errorsOf(
      labWith({ "lab.yaml": (t) => t.replace("- netshoot-ds.yaml", "- netshoot-daemonset.yaml") }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: "lab-file-not-found",
        location: expect.objectContaining({ file: expect.stringMatching(/lab\.yaml$/), line: 11 }),
      }),
    ]);
  });

  it("a lab name too long for namespaces and hosts is refused", () => {
    const errors = errorsOf(
      labWith({ "lab.yaml": (t) => t.replace("name: cilium-bgp", `name: ${"x".repeat(65)}`) }),
    );
    expect(errors).toEqual([expect.objectContaining({ code: "lab-bad-name" })]);
  });
});
