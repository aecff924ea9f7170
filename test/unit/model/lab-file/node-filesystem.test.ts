// The lab file's `nodeFilesystem` and the rule it relaxes: a bind that would share the host's
// root or a system directory is refused at its line unless the lab file opts in.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  labErrors as errorsOf,
  editedLab as labWith,
  removeEditedLabs,
} from "../../../support/edited-lab.js";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";
import { DEFAULT_NODE_WRITABLE_BYTES, parseSize } from "../../../../src/model/lab-file/node-filesystem.js";
import { isSystemDir } from "../../../../src/model/containerlab/binds.js";

afterEach(removeEditedLabs);

/** router0 gets `binds: [BIND]` (line 10 of the topology, under its image). */
const bindOnRouter0 = (bind: string) => (t: string) =>
  t.replace(
    "      image: frrouting/frr:v8.2.2\n",
    `      image: frrouting/frr:v8.2.2\n      binds: ["${bind}"]\n`,
  );

describe("binds of the host's system directories", () => {
  it("refuses a bind of / at its line, saying how to opt in", () => {
    const errors = errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("/:/host") }));
    expect(errors).toEqual([
      expect.objectContaining({
        code: "bind-system-dir",
        location: expect.objectContaining({ file: expect.stringMatching(/bgp-topo\.yaml$/), line: 10 }),
        suggestion: expect.stringContaining("allowSystemBinds: true"),
      }),
    ]);
  });

  it("refuses /etc read-only too, a path that resolves to / and a symlink to it", () => {
    expect(errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("/etc:/host-etc:ro") }))[0]?.code).toBe(
      "bind-system-dir",
    );
    expect(
      errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("../../../../../../../..:/up") }))[0]?.code,
    ).toBe("bind-system-dir");
    const linked = labWith({ "bgp-topo.yaml": bindOnRouter0("./usr-link:/u") });
    symlinkSync("/usr", path.join(linked, "usr-link"));
    expect(errorsOf(linked)[0]?.code).toBe("bind-system-dir");
  });

  it("accepts them when the lab file opts in, and always accepts a lab directory or a file under /etc", () => {
    const optIn = (t: string) => `${t}\nnodeFilesystem:\n  allowSystemBinds: true\n`;
    expect(errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("/:/host"), "lab.yaml": optIn }))).toEqual([]);
    expect(errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("./cluster.yaml:/cluster.yaml:ro") }))).toEqual(
      [],
    );
    expect(errorsOf(labWith({ "bgp-topo.yaml": bindOnRouter0("/etc/hostname:/etc/host-name:ro") }))).toEqual(
      [],
    );
  });

  it("names system directories exactly, not their children", () => {
    expect(["/", "/etc", "/etc/", "/usr", "/lib64", "/run", "/var"].every(isSystemDir)).toBe(true);
    expect(["/etc/frr", "/var/tmp", "/home", "/srv", "/run/x"].some(isSystemDir)).toBe(false);
  });
});

describe("nodeFilesystem in the lab file", () => {
  it("defaults to 256Mi per node and reads the size the lab gives", () => {
    expect(loadLab(labWith({})).lab?.nodeFilesystem).toEqual({
      sizeBytes: DEFAULT_NODE_WRITABLE_BYTES,
      allowSystemBinds: false,
    });
    expect(DEFAULT_NODE_WRITABLE_BYTES).toBe(256 * 1024 * 1024);
    const lab = loadLab(labWith({ "lab.yaml": (t) => `${t}\nnodeFilesystem: {size: 1Gi}\n` })).lab;
    expect(lab?.nodeFilesystem?.sizeBytes).toBe(1024 ** 3);
  });

  it("refuses a size it cannot read, or too small for FRR, at its line", () => {
    for (const size of ["lots", "12MB", "1Mi", "-5", "0"]) {
      const errors = errorsOf(labWith({ "lab.yaml": (t) => `${t}\nnodeFilesystem:\n  size: ${size}\n` }));
      expect(errors).toEqual([
        expect.objectContaining({ code: "lab-bad-size", location: expect.objectContaining({ line: 77 }) }),
      ]);
    }
  });

  it("parses Ki, Mi, Gi and plain bytes, nothing else", () => {
    expect(parseSize("64Mi")).toBe(64 * 1024 * 1024);
    expect(parseSize("2Gi")).toBe(2 * 1024 ** 3);
    expect(parseSize("512Ki")).toBe(512 * 1024);
    expect(parseSize(4194304)).toBe(4194304);
    expect(parseSize("1.5Gi")).toBeUndefined();
    expect(parseSize("64M")).toBeUndefined();
    expect(parseSize(true)).toBeUndefined();
  });
});
