// The lab catalog (labs/README.md) stays true: every lab directory has a row there and in the
// main README's table, each row's picture is what `fabric graph labs/NAME --format svg` draws
// from the files today, and its check and scenario counts are its lab.yaml's.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { snapshotLayout } from "../../../src/cli/views/graph/live-layout.js";
import { renderSvg } from "../../../src/cli/views/graph/render-svg.js";
import { fileSnapshot } from "../../../src/lab/topology-view/from-files.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";

const labs = readdirSync("labs").filter((d) => existsSync(`labs/${d}/lab.yaml`));
const catalog = readFileSync("labs/README.md", "utf8");
const rows = [...catalog.matchAll(/^\| \[([a-z0-9-]+)\]\(\1\/\) \|(.*)$/gm)].map(([, name, rest]) => ({
  name: name as string,
  cells: (rest as string).split(" | ").map((c) => c.trim()),
}));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

describe("the lab catalog", () => {
  it("has a row for every lab, here and in the main README", () => {
    expect(rows.map((r) => r.name).sort()).toEqual([...labs].sort());
    const readme = readFileSync("README.md", "utf8");
    for (const lab of labs) expect(readme).toContain(`| [${lab}](labs/${lab}/) |`);
  });

  it.each(labs)("%s: its picture is current and its counts are its lab.yaml's", (name) => {
    const row = rows.find((r) => r.name === name);
    const lab = loadLab(`labs/${name}`).lab!;
    expect(row?.cells[1]).toBe(`![${name}](../docs/labs/${name}.svg)`);
    // `node scripts/catalog-pictures.mjs` redraws a stale one.
    const drawn = renderSvg(snapshotLayout(fileSnapshot(lab)));
    expect(readFileSync(`docs/labs/${name}.svg`, "utf8"), `docs/labs/${name}.svg is stale`).toBe(drawn);
    expect(row?.cells[2]).toBe(
      `${plural(lab.checks?.length ?? 0, "check")}, ${plural(lab.scenarios?.length ?? 0, "scenario")}`,
    );
    // The CI column names an integration test that runs this lab's `fabric test`.
    const ci = (row?.cells[3] ?? "").replace(/ \|$/, "");
    const file = ci.includes("/") ? `test/integration/${ci}` : `test/integration/lab/${ci}`;
    expect(existsSync(file), file).toBe(true);
  });
});
