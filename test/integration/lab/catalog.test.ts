// CI for the lab catalog: `fabric test` on every lab of labs/README.md whose CI column names this
// file (the others' `fabric test` runs in the file their row names), each under a unique name,
// then nothing left behind. Added CI time: 117 s for the six labs on the 2-core dev machine
// (cilium-bgp 33 s, generated-ecmp 29 s, the others 10-17 s).
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import { LabFixture } from "../../support/lab-fixture.js";

const labs = [
  ...readFileSync("labs/README.md", "utf8").matchAll(
    /^\| \[([a-z0-9-]+)\]\(\1\/\) \|.*\| catalog\.test\.ts \|$/gm,
  ),
].map(([, name]) => name as string);

describe("the lab catalog's labs pass their own checks", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it.each(labs)(
    "fabric test labs/%s",
    async (name) => {
      lab = LabFixture.fromLabDir(`labs/${name}`, "t-cat");
      const current = lab;
      await current.snapshot();
      const run = await current.cli("test", current.file);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^\d+ passed, 0 failed in /m);
      // Every namespace the lab makes: its topology's nodes and its cluster's.
      const files = loadLab(`labs/${name}`).lab!;
      const nodes = [
        ...files.topology.nodes.map((n) => n.name),
        ...(files.cluster?.nodes.map((n) => n.name) ?? []),
      ];
      expect(await current.leftovers([...new Set(nodes)])).toEqual([]);
    },
    300_000,
  );
});
