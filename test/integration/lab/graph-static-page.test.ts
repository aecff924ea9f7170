// The page on its own, from `fabric graph --format html`'s self-contained file, in Debian's
// chromium: the side panel of a node, and a 1,024-node fabric that opens with racks collapsed.
// Needs chromium but no lab: the snapshots are the reference lab's recorded one and a made-up one.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfContainedPage } from "../../../src/lab/topology-view/assets.js";
import { collectGraph } from "../../../src/lab/topology-view/collect.js";
import type { GraphSnapshot } from "../../../src/lab/topology-view/types.js";
import { syntheticFabric } from "../../support/synthetic-graph.js";
import { FakeStatus, referenceLab } from "../../support/graph-fixtures.js";

interface Drawn {
  readonly nodes: string[];
  readonly collapsed: string[];
  readonly panel: string;
}

const dir = mkdtempSync(join(tmpdir(), "fabric-graph-page-"));
let browser: Browser | undefined;

async function open(snapshot: GraphSnapshot): Promise<Page> {
  const file = join(dir, `${snapshot.lab}.html`);
  writeFileSync(file, await selfContainedPage(JSON.stringify(snapshot)));
  const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => "fabricGraph" in globalThis);
  return page;
}

const drawn = (page: Page): Promise<Drawn> =>
  page.evaluate(() => {
    const g = (
      globalThis as unknown as {
        fabricGraph: { cy: { nodes(s: string): { map<T>(f: (n: { id(): string }) => T): T[] } } };
      }
    ).fabricGraph;
    return {
      nodes: g.cy.nodes(":childless").map((n) => n.id()),
      collapsed: g.cy.nodes(".collapsed").map((n) => n.id()),
      panel: (
        globalThis as unknown as { document: { getElementById(id: string): { innerText: string } } }
      ).document.getElementById("panel").innerText,
    };
  });

const tap = (page: Page, id: string) =>
  page.evaluate((node) => {
    (
      globalThis as unknown as {
        fabricGraph: { cy: { getElementById(id: string): { emit(e: string): void } } };
      }
    ).fabricGraph.cy
      .getElementById(node)
      .emit("tap");
  }, id);

describe("the topology page", () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox"],
      headless: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a node's sessions, prefixes and addresses when it is clicked", async () => {
    const page = await open(await collectGraph(referenceLab(), new FakeStatus(), new Map()));
    expect((await drawn(page)).collapsed).toEqual([]);
    await tap(page, "tor1");
    const panel = (await drawn(page)).panel;
    expect(panel).toContain("tor1");
    expect(panel).toMatch(/ASN\s+65011/);
    expect(panel).toMatch(/router0 \(net0\)\s+Established\s+65000\s+\d+\s+\d+/);
    expect(panel).toMatch(/kind-worker2 \(10\.0\.3\.2\)\s+Established\s+65011/);
    expect(panel).toMatch(/addresses\s+172\.20\.20\.4\/24/);
    await tap(page, "kind-worker");
    expect((await drawn(page)).panel).toMatch(/addresses\s+172\.20\.20\.6\/24, 10\.0\.2\.2, 10\.1\.1\.0\/24/);
  });

  it("opens a 1,024-node fabric with each rack in one box, and opens a rack on click", async () => {
    const t0 = Date.now();
    const page = await open(syntheticFabric(4, 32, 32));
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { body: { dataset: { sessionsEstablished?: string } } } })
          .document.body.dataset.sessionsEstablished === "1152",
    );
    const before = await drawn(page);
    console.log(`1,024 nodes: drawn with ${before.nodes.length} boxes in ${Date.now() - t0} ms`);
    expect(before.collapsed).toHaveLength(32);
    expect(before.nodes).toHaveLength(36); // 4 spines + 32 racks
    await tap(page, "rack:rack7");
    const after = await drawn(page);
    expect(after.collapsed).toHaveLength(31);
    expect(after.nodes).toContain("tor7");
    expect(after.nodes.filter((n) => n.startsWith("r7n"))).toHaveLength(32);
    await page.screenshot({ path: resolve("artifacts/graph-1024.png") });
    console.log(`screenshot: ${resolve("artifacts/graph-1024.png")}`);
  }, 60_000);
});
