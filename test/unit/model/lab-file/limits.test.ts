// Inputs that used to validate and then fail at deploy, or to bury the one real error under
// follow-on errors: each is now one error at the line to fix.
import { afterEach, describe, expect, it } from "vitest";
import {
  labErrors as errorsOf,
  editedLab as labWith,
  removeEditedLabs,
} from "../../../support/edited-lab.js";

afterEach(removeEditedLabs);

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
